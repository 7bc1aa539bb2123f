// Parquet as a notebook user reads it: DuckDB (an independent reader, @duckdb/node-api) runs
// the SQL one would type. Known answers: quantile_cont over points.parquet (type 7, the
// bands' rule) reproduces bands.parquet's p5/p95 for every point: bit for bit with 21
// samples (p5 and p95 fall on order statistics 1 and 19), and to 1 ulp with 37 samples,
// where DuckDB interpolates as lo·(1−d) + hi·d and the bands as lo + d·(hi − lo). Units are
// in the key-value metadata; the same run gives the same bytes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import pl from "nodejs-polars";
import { beforeAll, describe, expect, it } from "vitest";
import { useDuckDb } from "../duckdb.ts";
import { cli } from "../helpers.ts";
import { floatColumn, intColumn, stringColumn, writeTableFiles } from "../../src/io/index.ts";
import { table1Rows } from "../../src/paper/singleGpuTables.ts";
import { listFiles, moduleDir, sweepFile, table1Body } from "./helpers.ts";

const dir = moduleDir();
const file = sweepFile(dir, "pq", table1Body(21));
const interpolated = sweepFile(dir, "pq37", table1Body(37));
const out = (name: string) => join(dir, name);
const { sql, connection } = useDuckDb();

beforeAll(async () => {
  for (const [name, f] of [["a", file], ["b", file], ["n37", interpolated]]) {
    const r = await cli(["run", f, "--out", out(name), "--points", "--workers", "1"]);
    expect(r.code, r.stderr).toBe(0);
  }
}, 60_000);

describe("parquet outputs", () => {
  const bandsVsPoints = (name: string) => sql(`
      WITH q AS (
        SELECT point, quantile_cont(tok_per_w, 0.05) AS p5, quantile_cont(tok_per_w, 0.95) AS p95, count(*) AS n
        FROM '${out(name)}/points.parquet' GROUP BY point)
      SELECT b.point, b.tok_per_w_p5, q.p5, b.tok_per_w_p95, q.p95, q.n
      FROM '${out(name)}/bands.parquet' b JOIN q ON q.point = b.point ORDER BY b.point`);

  it("DuckDB's quantile_cont over points.parquet equals every band's p5 and p95 exactly (21 samples)", async () => {
    const rows = await bandsVsPoints("a");
    expect(rows.length).toBe(10); // 5 contexts × 2 GPUs
    for (const r of rows) {
      expect(r.n).toBe(21n);
      expect(r.p5, `point ${r.point} p5`).toBe(r.tok_per_w_p5);
      expect(r.p95, `point ${r.point} p95`).toBe(r.tok_per_w_p95);
    }
    // not trivially equal: the band really is spread
    expect((rows[0].p95 as number) / (rows[0].p5 as number)).toBeGreaterThan(1.05);
  });

  it("between order statistics (37 samples) DuckDB and the bands agree to 1 ulp", async () => {
    const rows = await bandsVsPoints("n37");
    expect(rows.length).toBe(10);
    for (const r of rows) {
      expect(r.n).toBe(37n);
      for (const [duck, band] of [[r.p5, r.tok_per_w_p5], [r.p95, r.tok_per_w_p95]] as Array<[number, number]>) {
        expect(Math.abs(duck - band), `point ${r.point}: ${duck} vs ${band}`).toBeLessThanOrEqual(Math.abs(band) * Number.EPSILON);
      }
    }
  });

  it("bands.parquet holds the same columns and values as bands.arrow, with units in the key-value metadata", async () => {
    const arrow = tableFromIPC(readFileSync(join(out("a"), "bands.arrow")));
    const pq = await connection().runAndReadAll(`SELECT * FROM '${out("a")}/bands.parquet'`);
    expect(pq.columnNames()).toEqual(arrow.schema.fields.map((f) => f.name));
    const p95 = pq.getColumnsObjectJS().tok_per_w_p95;
    expect(p95).toEqual(Array.from(arrow.getChild("tok_per_w_p95")!.toArray() as Float64Array));
    const kv = Object.fromEntries((await sql(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${out("a")}/points.parquet')`))
      .map((r) => [r.k, r.v]));
    expect(kv).toMatchObject({ "unit:tok_per_w": "tok/J", "unit:power_w": "W", "unit:power_factor": "1", "unit:generation_gain": "ratio" });
    const types = await sql(`SELECT name, type FROM parquet_schema('${out("a")}/points.parquet') WHERE name IN ('point', 'tok_per_w') ORDER BY name`);
    expect(types).toEqual([{ name: "point", type: "INT64" }, { name: "tok_per_w", type: "DOUBLE" }]);
  });

  it("polars (a second, Rust reader) reads points.parquet as the same frame as points.arrow", () => {
    const fromParquet = pl.readParquet(readFileSync(join(out("a"), "points.parquet")));
    // text dimensions are dictionary-encoded in Arrow (polars: Categorical), plain text in Parquet
    const arrow = pl.readIPC(readFileSync(join(out("a"), "points.arrow")));
    expect(String(arrow.getColumn("gpu").dtype)).toBe("DataType(Categorical)");
    const fromArrow = arrow.withColumns(pl.col("gpu").cast(pl.Utf8));
    expect(fromParquet.height).toBe(10 * 21);
    expect(fromParquet.columns).toEqual(fromArrow.columns);
    expect(fromParquet.dtypes.map(String)).toEqual(fromArrow.dtypes.map(String));
    for (const c of fromArrow.columns) expect(fromParquet.getColumn(c).toArray(), c).toEqual(fromArrow.getColumn(c).toArray());
  });

  it("the same run writes byte-identical parquet files, created_by names no version", async () => {
    for (const f of ["bands.parquet", "points.parquet"]) {
      expect(readFileSync(join(out("a"), f)).equals(readFileSync(join(out("b"), f))), f).toBe(true);
    }
    expect(await sql(`SELECT created_by FROM parquet_file_metadata('${out("a")}/bands.parquet')`)).toEqual([{ created_by: "wattsweep" }]);
  });

  it("--format picks the files; csv alone with --points is refused (exit 2)", async () => {
    const r = await cli(["run", file, "--out", out("pq-only"), "--points", "--workers", "1", "--format", "parquet"]);
    expect(r.code, r.stderr).toBe(0);
    expect(listFiles(out("pq-only"))).toEqual(["bands.parquet", "manifest.json", "points.parquet"]);
    const bad = await cli(["run", file, "--out", out("bad"), "--points", "--format", "csv"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--format");
    const unknown = await cli(["run", file, "--out", out("bad"), "--format", "arrow,feather"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--format: format = "feather"');
    const shard = await cli(["run", file, "--out", out("bad"), "--shard", "1/2", "--format", "csv,parquet"]);
    expect(shard.code).toBe(2);
    expect(shard.stderr).toContain("a --shard run needs arrow");
  });

  it("writeTableFiles: string, int and float columns read back in DuckDB; an empty table is a valid file", async () => {
    const table = { columns: [intColumn("id", "", [1, 2]), stringColumn("gpu", ["h100", "b200"]), floatColumn("w", "W", [700.5, 1e-310])], length: 2 };
    const paths = await writeTableFiles(dir, "small", table, { study: "unit-test" }, ["parquet"]);
    expect(paths).toEqual([join(dir, "small.parquet")]);
    expect(await sql(`SELECT * FROM '${paths[0]}'`)).toEqual([{ id: 1n, gpu: "h100", w: 700.5 }, { id: 2n, gpu: "b200", w: 1e-310 }]);
    expect(await sql(`SELECT decode(value) AS v FROM parquet_kv_metadata('${paths[0]}') WHERE decode(key) = 'study'`)).toEqual([{ v: "unit-test" }]);
    const [emptyPath] = await writeTableFiles(dir, "empty", { columns: [floatColumn("x", "W", [])], length: 0 }, {}, ["parquet"]);
    expect(await sql(`SELECT count(*) AS n FROM '${emptyPath}'`)).toEqual([{ n: 0n }]);
  });

  it("paper --format parquet: table1.parquet in DuckDB holds Table 1's tok/W bit for bit, its units and table id", async () => {
    const r = await cli(["paper", "--tables", "1", "--format", "parquet", "--out", out("paper")]);
    expect(r.code, r.stderr).toBe(0);
    expect(listFiles(out("paper"))).toEqual(["manifest.json", "table1.parquet"]);
    const rows = await sql(`SELECT ctx, gpu, tok_per_w FROM '${out("paper")}/table1.parquet'`);
    expect(rows).toEqual(table1Rows("v1").map((x) => ({ ctx: BigInt(x.ctx), gpu: x.gpu, tok_per_w: x.tok_per_w })));
    const kv = Object.fromEntries((await sql(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${out("paper")}/table1.parquet')`))
      .map((r) => [r.k, r.v]));
    expect(kv).toMatchObject({ "unit:tok_per_w": "tokens/J", "unit:power_w": "W per GPU", table: "1", paper_revision: "v1" });
  });
});
