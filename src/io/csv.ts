// CSV text of a table (csvHeader, then csvRows): a header row of column names, then one row
// per record, each line ending in \n. Numbers are written in JavaScript's shortest round-trip
// form, so a reader recovers every bit (and never needs quotes); a missing value (null) is an
// empty cell. A part of the rows has the same lines as in the whole table, so a table is
// written part by part (tableSink.ts).
import { hasValue, type ColumnTable } from "./columns.ts";

/** A text cell quoted when it holds a quote, the delimiter, a line break or `|` (as the files have always been written). */
const NEEDS_QUOTES = /[,\r\n|]/;

function textCell(text: string): string {
  const t = text.includes("\0") ? text.replaceAll("\0", "") : text;
  if (t.includes('"')) return `"${t.replaceAll('"', '""')}"`;
  return NEEDS_QUOTES.test(t) ? `"${t}"` : t;
}

/** The header line of a table's CSV text. */
export function csvHeader(table: ColumnTable): string {
  return `${table.columns.map((c) => textCell(c.name)).join(",")}\n`;
}

/** The lines of a table's rows in its CSV text: one part of a table has the lines of its rows in the whole. */
export function csvRows(table: ColumnTable): string {
  const lines = rowLines(table);
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

/**
 * Each row's line, without its line break. A function of its own, ending in its loop: code
 * compiled while a long loop runs (on-stack replacement) that then meets code after the loop
 * never run before is thrown away there (`node --trace-deopt` shows it), and a loop this
 * long is compiled that way on every call.
 */
function rowLines(table: ColumnTable): string[] {
  const { columns } = table;
  const lines: string[] = [];
  const cells: string[] = new Array(columns.length);
  for (let i = 0; i < table.length; i++) {
    for (let j = 0; j < columns.length; j++) {
      const c = columns[j];
      cells[j] = !hasValue(c, i) ? "" : c.kind === "string" ? textCell(c.values[i]) : String(c.values[i]);
    }
    lines.push(cells.join(","));
  }
  return lines;
}
