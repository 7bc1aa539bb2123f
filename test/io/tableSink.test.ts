// TableFileSink: a table's files written as its rows come, renamed into place by finish, removed
// by abort; rows with other columns than the first are refused (the files' schemas are the first's).
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { floatColumn, nullableColumn, stringColumn, TABLE_GROUP_ROWS, TableFileSink, writeTableFiles } from "../../src/io/index.ts";
import { sliceTable } from "../../src/io/tableSink.ts";
import { csvHeader, csvRows } from "../../src/io/csv.ts";
import { useDuckDb } from "../duckdb.ts";

const { sql } = useDuckDb();

/** A table's CSV rows as text, as csvRows hands them on. */
function rowsText(table: Parameters<typeof csvRows>[0]): string {
  let text = "";
  csvRows(table, (bytes) => (text += Buffer.from(bytes).toString("utf8")));
  return text;
}
const part = (values: number[]) => ({ columns: [floatColumn("x", "W", Float64Array.from(values))], length: values.length });

describe("TableFileSink", () => {
  it("abort after parts leaves no file; abort after finish leaves the finished files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wattsweep-sink-"));
    const aborted = new TableFileSink(dir, "a", ["csv", "arrow", "parquet"]);
    await aborted.append(part([1, 2]));
    await aborted.abort();
    expect(readdirSync(dir)).toEqual([]);
    const done = new TableFileSink(dir, "b", ["csv", "arrow", "parquet"]);
    await done.append(part([1, 2]));
    await done.finish();
    await done.abort();
    expect(readdirSync(dir).sort()).toEqual(["b.arrow", "b.csv", "b.parquet"]);
  });

  it("refuses a part whose columns differ from the first's (here: nullable after not)", async () => {
    const sink = new TableFileSink(mkdtempSync(join(tmpdir(), "wattsweep-sink-")), "t", ["arrow"]);
    await sink.append(part([1]));
    await expect(sink.append({ columns: [nullableColumn("x", "W", "float", [null])], length: 1 })).rejects.toThrow("rows with columns x:float? after rows with x:float");
    await sink.abort();
  });

  it("writes the bytes of the whole table at once however its rows are fed, in parts of TABLE_GROUP_ROWS rows", async () => {
    const n = 2 * TABLE_GROUP_ROWS + 5;
    const table = {
      columns: [
        floatColumn("x", "W", Float64Array.from({ length: n }, (_, i) => i / 7)),
        nullableColumn("y", "s", "int", Array.from({ length: n }, (_, i) => (i % 3 === 0 ? null : i))),
        stringColumn("gpu", Array.from({ length: n }, (_, i) => (i % 2 ? "h100" : "b200"))),
      ],
      length: n,
    };
    const dir = mkdtempSync(join(tmpdir(), "wattsweep-sink-"));
    const formats = ["csv", "arrow", "parquet"] as const;
    await writeTableFiles(join(dir, "whole"), "t", table, {}, formats);
    const fed = new TableFileSink(join(dir, "fed"), "t", formats);
    // slices that straddle both part boundaries, and an empty one
    for (const [r0, r1] of [[0, 1], [1, 1], [1, TABLE_GROUP_ROWS + 3], [TABLE_GROUP_ROWS + 3, 2 * TABLE_GROUP_ROWS + 1], [2 * TABLE_GROUP_ROWS + 1, n]]) {
      await fed.append(sliceTable(table, r0, r1));
    }
    await fed.finish();
    for (const f of formats) expect(readFileSync(join(dir, "fed", `t.${f}`)).equals(readFileSync(join(dir, "whole", `t.${f}`))), f).toBe(true);
    // read back by others than the sink: the CSV text of the whole table, batches and row groups of TABLE_GROUP_ROWS
    expect(readFileSync(join(dir, "fed", "t.csv"), "utf8")).toBe(csvHeader(table) + rowsText(table));
    expect(tableFromIPC(readFileSync(join(dir, "fed", "t.arrow"))).batches.map((b) => b.numRows)).toEqual([TABLE_GROUP_ROWS, TABLE_GROUP_ROWS, 5]);
    const groups = await sql(`SELECT row_group_num_rows AS n FROM parquet_metadata('${join(dir, "fed", "t.parquet")}') GROUP BY row_group_id, n ORDER BY row_group_id`);
    expect(groups.map((g) => Number(g.n))).toEqual([TABLE_GROUP_ROWS, TABLE_GROUP_ROWS, 5]);
  });

  it("writes a table of no rows: its files carry the columns (CSV a header, Arrow an empty batch, Parquet no row group)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wattsweep-sink-"));
    const sink = new TableFileSink(dir, "t", ["csv", "arrow", "parquet"]);
    await sink.append(part([]));
    await sink.finish();
    expect(readFileSync(join(dir, "t.csv"), "utf8")).toBe("x\n");
    const read = tableFromIPC(readFileSync(join(dir, "t.arrow")));
    expect([read.batches.map((b) => b.numRows), read.schema.fields.map((f) => f.name)]).toEqual([[0], ["x"]]);
    expect(await sql(`SELECT count(*) AS n, list(name) AS names FROM parquet_schema('${join(dir, "t.parquet")}') WHERE name <> 'root'`)).toEqual([{ n: 1n, names: ["x"] }]);
    expect(await sql(`SELECT num_row_groups AS g FROM parquet_file_metadata('${join(dir, "t.parquet")}')`)).toEqual([{ g: 0n }]);
  });
});
