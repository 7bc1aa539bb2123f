// csvHeader and csvRows build the text directly; fast-csv's formatter (what it used before,
// with the options it used) is the oracle: the files keep every byte.
import { writeToString } from "fast-csv";
import { describe, expect, it } from "vitest";
import { floatColumn, intColumn, nullableColumn, nullableStringColumn, stringColumn, type ColumnTable } from "../../src/io/index.ts";
import { csvHeader, csvRows } from "../../src/io/csv.ts";
import { sliceTable } from "../../src/io/tableSink.ts";

/** The pieces csvRows hands on, as text (each ends a line, so none splits a character). */
function rowPieces(table: ColumnTable): string[] {
  const pieces: string[] = [];
  csvRows(table, (bytes) => pieces.push(Buffer.from(bytes).toString("utf8")));
  return pieces;
}
const tableToCsv = (table: ColumnTable) => csvHeader(table) + rowPieces(table).join("");
import { hasValue } from "../../src/io/columns.ts";

async function oracle(table: ColumnTable): Promise<string> {
  const rows: string[][] = [table.columns.map((c) => c.name)];
  for (let i = 0; i < table.length; i++) rows.push(table.columns.map((c) => (hasValue(c, i) ? String(c.values[i]) : "")));
  return (await writeToString(rows, { headers: false, includeEndRowDelimiter: true })) as string;
}

describe("CSV text", () => {
  it("quotes, escapes and formats cells byte for byte as fast-csv did", async () => {
    const tricky = ["plain", "a,b", 'say "hi"', "line\nbreak", "cr\rhere", "pi|pe", "nul\0byte", "", " spaced ", '"', "a,\"b\"\n", "µs, °C: 😀"];
    const table: ColumnTable = {
      columns: [
        stringColumn("label", tricky),
        floatColumn("x, with comma", "W", Float64Array.from(tricky, (_, i) => [0.1 + 0.2, -0, NaN, Infinity, -Infinity, 1e21, 1e-7, 5e-324, 2 ** 53, -1.5, 123, -0.024480000000000002][i])),
        intColumn('n "count"', "", tricky.map((_, i) => i * 1000)),
        nullableColumn("maybe", "W", "float", tricky.map((_, i) => (i % 3 === 0 ? null : i / 7))),
        nullableStringColumn("gpu|name", tricky.map((t, i) => (i % 4 === 1 ? null : t))),
      ],
      length: tricky.length,
    };
    const text = tableToCsv(table);
    expect(text).toBe(await oracle(table));
    // written in parts, the rows are the same text
    const parts = [sliceTable(table, 0, 4), sliceTable(table, 4, 5), sliceTable(table, 5, table.length)];
    expect(csvHeader(table) + parts.map((part) => rowPieces(part).join("")).join("")).toBe(text);
    expect(text.split("\n")[0]).toBe('label,"x, with comma","n ""count""",maybe,"gpu|name"');
    expect(text.endsWith("\n")).toBe(true);
  });

  it("rows of more bytes than its buffer holds, and than a piece, come out whole, a piece ending a line", async () => {
    const n = 40_000;
    const table: ColumnTable = {
      columns: [
        floatColumn("x", "", Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 10 ** ((i % 13) - 4))),
        stringColumn("label", Array.from({ length: n }, (_, i) => (i === 7 ? "é".repeat(50_000) : `r${i}`))),
        intColumn("i", "", Array.from({ length: n }, (_, i) => i * 7919)),
      ],
      length: n,
    };
    const pieces = rowPieces(table);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.endsWith("\n")).toBe(true);
    expect(csvHeader(table) + pieces.join("")).toBe(await oracle(table));
  });

  it("an empty table is its header line", async () => {
    const table: ColumnTable = { columns: [floatColumn("a", "", []), stringColumn("b", [])], length: 0 };
    expect(tableToCsv(table)).toBe("a,b\n");
    expect(tableToCsv(table)).toBe(await oracle(table));
  });
});
