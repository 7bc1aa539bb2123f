import { hasValue, type ColumnTable } from "./columns.ts";

/** A text cell quoted when it holds a quote, the delimiter, a line break or `|` (as the files have always been written). */
const NEEDS_QUOTES = /[,\r\n|]/;

function textCell(text: string): string {
  const t = text.includes("\0") ? text.replaceAll("\0", "") : text;
  if (t.includes('"')) return `"${t.replaceAll('"', '""')}"`;
  return NEEDS_QUOTES.test(t) ? `"${t}"` : t;
}

/**
 * CSV text of a table: a header row of column names, then one row per record, each line
 * ending in \n. Numbers are written in JavaScript's shortest round-trip form, so a reader
 * recovers every bit (and never needs quotes); a missing value (null) is an empty cell.
 * Built as one string: a bands table has some 10^5 cells, which a streaming formatter
 * took longer to write than the sweep took to compute them.
 */
export async function tableToCsv(table: ColumnTable): Promise<string> {
  const { columns } = table;
  const lines: string[] = [columns.map((c) => textCell(c.name)).join(",")];
  const cells: string[] = new Array(columns.length);
  for (let i = 0; i < table.length; i++) {
    for (let j = 0; j < columns.length; j++) {
      const c = columns[j];
      cells[j] = !hasValue(c, i) ? "" : c.kind === "string" ? textCell(c.values[i]) : String(c.values[i]);
    }
    lines.push(cells.join(","));
  }
  return lines.join("\n") + "\n";
}
