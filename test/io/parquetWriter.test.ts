// The Parquet writer (io/parquet.ts, parquetColumn.ts, thrift.ts, snappy.ts) read back by two
// independent readers, DuckDB and polars: values of every type with and without nulls, pages
// of a column longer than a page, row groups, text in UTF-8 beyond ASCII, and the statistics a
// query engine prunes row groups by (min and max in the column's order, null counts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";
import { ParquetFileSink, type ParquetField } from "../../src/io/parquet.ts";
import { tempDir } from "../studies/helpers.ts";
import { useDuckDb } from "../duckdb.ts";

const { sql } = useDuckDb();

/**
 * The value count of each data page of a column chunk, `bytes` bytes from `at`: each page
 * header read as this writer writes it (Thrift compact: i32 fields 1-3, field 5 a struct of
 * i32s), its page skipped by its compressed size (field 3).
 */
function pageValueCounts(file: Buffer, at: number, bytes: number): number[] {
  let p = at;
  const zigzag = () => {
    let v = 0;
    for (let shift = 0, b = 0x80; b & 0x80; shift += 7) v += ((b = file[p++]) & 0x7f) * 2 ** shift;
    return v % 2 ? -(v + 1) / 2 : v / 2;
  };
  const counts: number[] = [];
  while (p < at + bytes) {
    let compressed = 0;
    for (let h = file[p++], field = 0; h !== 0; h = file[p++]) {
      field += h >> 4;
      if ((h & 15) === 5) {
        const v = zigzag();
        if (field === 3) compressed = v;
      } else if ((h & 15) === 12) {
        for (let g = file[p++], inner = 0; g !== 0; g = file[p++]) {
          inner += g >> 4;
          const v = zigzag();
          if (inner === 1) counts.push(v);
        }
      } else throw new Error(`page header field ${field}: type ${h & 15}`);
    }
    p += compressed;
  }
  return counts;
}

const fields: ParquetField[] = [
  { name: "x", unit: "W", type: "DOUBLE" },
  { name: "n", unit: "", type: "INT64" },
  { name: "s", unit: "", type: "STRING" },
  { name: "y", unit: "s", type: "DOUBLE", nullable: true },
  { name: "k", unit: "", type: "INT64", nullable: true },
  { name: "t", unit: "", type: "STRING", nullable: true },
];

describe("Parquet writer", () => {
  it("writes doubles, int64 and text, with nulls, as DuckDB and polars read them", async () => {
    const path = join(tempDir(), "t.parquet");
    const sink = new ParquetFileSink(path, fields, { table: "t1" });
    const texts = ["h100", "", "é", "日本", "😀", "\uffff", "b200"];
    // rows of the first group: every kind of value; a second group: int64 given as a BigInt64Array
    sink.write([
      Float64Array.from([0.1 + 0.2, -0, 1e-310, -1.5e300, 7, 0, 2]),
      [0, -1, 2 ** 53 - 1, -(2 ** 53) + 1, 4294967296, -4294967297, 3],
      texts,
      [null, 2.5, null, null, 0, 3, null],
      [null, null, 5, -7, null, 2 ** 40, null],
      [null, "a", null, "é", "", null, "z"],
    ]);
    sink.write([Float64Array.from([9]), BigInt64Array.from([-(1n << 62n)]), ["x"], [null], [null], [null]]);
    sink.finish();

    const rows = await sql(`SELECT * FROM '${path}'`);
    expect(rows.map((r) => r.x)).toEqual([0.1 + 0.2, -0, 1e-310, -1.5e300, 7, 0, 2, 9]);
    expect(Object.is(rows[1].x, -0)).toBe(true);
    expect(rows.map((r) => r.n)).toEqual([0n, -1n, BigInt(2 ** 53 - 1), BigInt(-(2 ** 53) + 1), 4294967296n, -4294967297n, 3n, -(1n << 62n)]);
    expect(rows.map((r) => r.s)).toEqual([...texts, "x"]);
    expect(rows.map((r) => r.y)).toEqual([null, 2.5, null, null, 0, 3, null, null]);
    expect(rows.map((r) => r.k)).toEqual([null, null, 5n, -7n, null, BigInt(2 ** 40), null, null]);
    expect(rows.map((r) => r.t)).toEqual([null, "a", null, "é", "", null, "z", null]);

    const frame = pl.readParquet(readFileSync(path));
    expect(frame.height).toBe(8);
    expect(frame.getColumn("t").toArray()).toEqual([null, "a", null, "é", "", null, "z", null]);
    expect(frame.getColumn("n").toArray().map(Number)).toEqual([0, -1, 2 ** 53 - 1, -(2 ** 53) + 1, 4294967296, -4294967297, 3, -(2 ** 62)]);

    const kv = await sql(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${path}') ORDER BY k`);
    expect(kv).toEqual([{ k: "table", v: "t1" }, { k: "unit:x", v: "W" }, { k: "unit:y", v: "s" }]);
    const stats = await sql(`SELECT row_group_id AS g, path_in_schema AS c, stats_min_value AS lo, stats_max_value AS hi, stats_null_count AS nulls
      FROM parquet_metadata('${path}') ORDER BY g, column_id`);
    expect(stats.slice(0, 6)).toEqual([
      // a zero is -0 as a min and +0 as a max, whichever zero came
      { g: 0n, c: "x", lo: "-1.5e+300", hi: "7.0", nulls: 0n },
      { g: 0n, c: "n", lo: String(-(2 ** 53) + 1), hi: String(2 ** 53 - 1), nulls: 0n },
      // UTF-8 byte order: U+FFFF (EF BF BF) sorts before the emoji (F0 ...)
      { g: 0n, c: "s", lo: "", hi: "😀", nulls: 0n },
      { g: 0n, c: "y", lo: "-0.0", hi: "3.0", nulls: 4n }, // the min is the +0 written, as -0
      { g: 0n, c: "k", lo: "-7", hi: String(2 ** 40), nulls: 4n },
      { g: 0n, c: "t", lo: "", hi: "é", nulls: 3n },
    ]);
    // a group of nulls alone has a null count and no bounds
    expect(stats[9]).toEqual({ g: 1n, c: "y", lo: null, hi: null, nulls: 1n });
    // the bounds are in each type's own order, as the footer says (else their meaning is undefined)
    const [{ orders }] = await sql(`SELECT column_orders AS orders FROM parquet_file_metadata('${path}')`);
    expect(orders).toEqual(fields.map(() => "ColumnOrder(TYPE_ORDER=TypeDefinedOrder())"));
  });

  it("cuts a long column into pages of 2^17 values, each row group with its own bounds", async () => {
    const path = join(tempDir(), "long.parquet");
    const sink = new ParquetFileSink(path, [{ name: "i", unit: "", type: "INT64" }, { name: "v", unit: "", type: "DOUBLE", nullable: true }]);
    const n = 300_000; // three pages of 2^17 rows
    for (let g = 0; g < 2; g++) {
      sink.write([
        BigInt64Array.from({ length: n }, (_, r) => BigInt(g * n + r)),
        Array.from({ length: n }, (_, r) => (r % 3 === 0 ? null : Math.sqrt(g * n + r))),
      ]);
    }
    sink.finish();
    const [all] = await sql(`SELECT count(*) AS rows, count(v) AS values, sum(i) AS total, max(v) AS top FROM '${path}'`);
    expect(all).toEqual({ rows: BigInt(2 * n), values: BigInt(2 * n - 2 * (n / 3)), total: BigInt((2 * n * (2 * n - 1)) / 2), top: Math.sqrt(2 * n - 1) });
    const groups = await sql(`SELECT row_group_id AS g, stats_min_value AS lo, stats_max_value AS hi, data_page_offset AS at,
      total_compressed_size AS bytes FROM parquet_metadata('${path}') WHERE path_in_schema = 'i' ORDER BY g`);
    expect(groups.map(({ g, lo, hi }) => ({ g, lo, hi }))).toEqual([{ g: 0n, lo: "0", hi: String(n - 1) }, { g: 1n, lo: String(n), hi: String(2 * n - 1) }]);
    const file = readFileSync(path);
    for (const { at, bytes } of groups) expect(pageValueCounts(file, Number(at), Number(bytes))).toEqual([2 ** 17, 2 ** 17, n - 2 ** 18]);
    expect(await sql(`SELECT i, v FROM '${path}' WHERE i IN (${n - 1}, ${n + 1}) ORDER BY i`)).toEqual([
      { i: BigInt(n - 1), v: Math.sqrt(n - 1) }, { i: BigInt(n + 1), v: Math.sqrt(n + 1) }]);
  });

  it("writes a zero bound as -0 when it is the min and +0 when it is the max, whichever zero came", async () => {
    const path = join(tempDir(), "zeros.parquet");
    const sink = new ParquetFileSink(path, [{ name: "up", unit: "", type: "DOUBLE" }, { name: "down", unit: "", type: "DOUBLE" }]);
    sink.write([Float64Array.from([0, 2]), Float64Array.from([-1.5, -0])]);
    sink.finish();
    expect(await sql(`SELECT path_in_schema AS c, stats_min_value AS lo, stats_max_value AS hi FROM parquet_metadata('${path}') ORDER BY column_id`)).toEqual([
      { c: "up", lo: "-0.0", hi: "2.0" },
      { c: "down", lo: "-1.5", hi: "0.0" },
    ]);
  });

  it("a file of no rows has its columns and no row group", async () => {
    const path = join(tempDir(), "empty.parquet");
    const sink = new ParquetFileSink(path, fields);
    sink.write([new Float64Array(0), [], [], [], [], []]);
    sink.finish();
    expect(await sql(`SELECT count(*) AS n FROM '${path}'`)).toEqual([{ n: 0n }]);
    expect(await sql(`SELECT num_row_groups AS g FROM parquet_file_metadata('${path}')`)).toEqual([{ g: 0n }]);
    expect((await sql(`SELECT name, type FROM parquet_schema('${path}') WHERE name <> 'root'`)).map((r) => `${r.name}:${r.type}`))
      .toEqual(["x:DOUBLE", "n:INT64", "s:BYTE_ARRAY", "y:DOUBLE", "k:INT64", "t:BYTE_ARRAY"]);
  });

  it("refuses an int64 that is not a whole number", () => {
    const sink = new ParquetFileSink(join(tempDir(), "bad.parquet"), [{ name: "n", unit: "", type: "INT64" }]);
    expect(() => sink.write([[1.5]])).toThrow("parquet INT64: 1.5 is not a whole number");
    sink.abort();
  });
});
