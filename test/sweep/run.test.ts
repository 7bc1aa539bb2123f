// End to end through real worker threads: determinism across workers, chunk sizes and
// shards; bands against a direct single-threaded computation; files readable by polars.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import pl from "nodejs-polars";
import { beforeAll, describe, expect, it } from "vitest";
import { profileByName, singleGpuPoint } from "../../src/model/index.ts";
import { mergeShards } from "../../src/output/merge.ts";
import { loadSweepPlan } from "../../src/sweep/index.ts";
import { fillDraws } from "../../src/sample/draws.ts";
import { coord } from "../../src/plan/index.ts";
import { runSweep, type RunOptions } from "../../src/sweep/index.ts";
import { listFiles, moduleDir, sweepFile, table1Body, tempDir } from "./helpers.ts";

const dir = moduleDir();
// 700 points × 200 samples: three record-batch units of 326 points, so three real shards
const file = sweepFile(dir, "t1", table1Body(200, 70));
const run = (out: string, o: Partial<RunOptions> = {}) => runSweep({ file, out: join(dir, out), points: true, progress: null, ...o });
const bytes = (out: string, name: string) => readFileSync(join(dir, out, name));

describe("sweep runs", () => {
  beforeAll(async () => {
    await run("w1", { workers: 1, chunkRows: 4000 });
    await run("w2", { workers: 2, chunkRows: 4000 });
    await run("w2big", { workers: 2, chunkRows: 30000 });
    // chunks of 150 rows cut each 2-point block (400 rows) into sample ranges, reassembled by the coordinator
    await run("split", { workers: 2, chunkRows: 150 });
    for (const k of [1, 2, 3]) await run(`shard${k}`, { workers: k === 2 ? 2 : 1, shard: [k, 3], chunkRows: 9000 });
    await mergeShards([3, 1, 2].map((k) => join(dir, `shard${k}`)), join(dir, "merged"));
  });

  it("writes the same bytes for 1 or 2 workers, two chunk sizes, and 3 shards merged", () => {
    for (const name of ["bands.csv", "bands.arrow", "bands.parquet", "points.arrow", "points.parquet"]) {
      const ref = bytes("w1", name);
      expect(ref.length).toBeGreaterThan(1000);
      for (const other of ["w2", "w2big", "split", "merged"]) expect(bytes(other, name).equals(ref), `${other}/${name}`).toBe(true);
    }
    expect(JSON.parse(bytes("split", "manifest.json").toString()).chunk).toEqual({ points: 2, samples: 75 });
    // the shards really are slices
    const m = (k: number) => JSON.parse(bytes(`shard${k}`, "manifest.json").toString());
    expect([1, 2, 3].map((k) => m(k).shard.points)).toEqual([[0, 326], [326, 652], [652, 700]]);
  });

  it("bands equal a direct single-threaded computation over the same samples", async () => {
    const plan = await loadSweepPlan(file);
    const bands = pl.readCSV(bytes("w1", "bands.csv").toString());
    expect(bands.height).toBe(plan.points);
    const S = plan.samples;
    const draws = plan.perturbations.map(() => new Float64Array(plan.points * S));
    draws.forEach((d, j) => fillDraws(plan, j, 0, plan.points, d));
    const quantile = (sorted: number[], p: number) => {
      const h = (sorted.length - 1) * p;
      const lo = Math.floor(h);
      return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    };
    const tokPerW: number[][] = [];
    for (let p = 0; p < plan.points; p++) {
      const value = (name: string) => {
        const d = plan.dims.findIndex((x) => x.name === name);
        return plan.dims[d].values[coord(plan, p, d)];
      };
      const ctx = value("ctx") as number;
      const gpu = String(value("gpu"));
      const beta = value("beta") as number;
      const values: number[] = [];
      for (let s = 0; s < S; s++) {
        let scale = 1;
        for (const d of draws) if (!Number.isNaN(d[p * S + s])) scale *= d[p * S + s];
        values.push(singleGpuPoint(profileByName(gpu), ctx, { powerScale: scale, beta }).tokPerW);
      }
      tokPerW.push(values);
      const sorted = [...values].sort((a, b) => a - b);
      const row = bands.row(p);
      const col = (name: string) => row[bands.columns.indexOf(name)] as number;
      expect(col("ctx")).toBe(ctx);
      expect(col("gpu")).toBe(gpu);
      expect(col("beta")).toBe(beta);
      const mean = values.reduce((a, b) => a + b, 0) / S;
      const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (S - 1));
      expect(col("tok_per_w_mean")).toBeCloseTo(mean, 10);
      expect(col("tok_per_w_sd")).toBeCloseTo(sd, 10);
      expect(col("tok_per_w_min")).toBe(sorted[0]);
      expect(col("tok_per_w_max")).toBe(sorted[S - 1]);
      for (const [name, q] of [["p5", 0.05], ["p25", 0.25], ["p50", 0.5], ["p75", 0.75], ["p95", 0.95]] as const) {
        expect(col(`tok_per_w_${name}`) / quantile(sorted, q) - 1).toBeLessThan(1e-12);
      }
    }
    // derived: B200/H100 per sample at the same context (points 2c and 2c+1)
    const gains = tokPerW[1].map((v, s) => v / tokPerW[0][s]).sort((a, b) => a - b);
    const row0 = bands.row(0);
    expect(row0[bands.columns.indexOf("generation_gain_p50")] as number / quantile(gains, 0.5) - 1).toBeLessThan(1e-12);
    expect(bands.row(1)[bands.columns.indexOf("generation_gain_p50")]).toBe(row0[bands.columns.indexOf("generation_gain_p50")]);
  });

  it("points.arrow and bands.arrow open in polars with every sample and the manifest's units", () => {
    const points = pl.readIPC(bytes("w1", "points.arrow"));
    expect(points.height).toBe(700 * 200);
    expect(points.columns).toEqual(["point", "sample", "ctx", "beta", "gpu", "power_factor", "b200_power", "n_max", "iter_s", "tok_s", "power_w", "tok_per_w", "generation_gain"]);
    expect(points.getColumn("sample").max()).toBe(199);
    // b200_power applies to B200 points only (odd points); null elsewhere
    expect(points.filter(pl.col("point").modulo(2).eq(0)).getColumn("b200_power").nullCount()).toBe(350 * 200);
    const b200 = points.filter(pl.col("point").modulo(2).eq(1)).getColumn("b200_power");
    expect(b200.nullCount()).toBe(0);
    expect(b200.min()).toBeGreaterThanOrEqual(0.8);
    expect(b200.max()).toBeLessThanOrEqual(1.2);
    const bands = pl.readIPC(bytes("w1", "bands.arrow"));
    const csv = pl.readCSV(bytes("w1", "bands.csv").toString());
    expect(bands.columns).toEqual(csv.columns);
    expect(bands.getColumn("tok_per_w_p95").toArray()).toEqual(csv.getColumn("tok_per_w_p95").toArray());
    // units in the Arrow field metadata, as the manifest lists them
    const units = (name: string) => Object.fromEntries(tableFromIPC(bytes("w1", name)).schema.fields.map((f) => [f.name, f.metadata.get("unit")]));
    expect(units("points.arrow")).toMatchObject({ point: "", power_factor: "1", power_w: "W", tok_per_w: "tok/J", iter_s: "s", generation_gain: "ratio" });
    expect(units("bands.arrow")).toMatchObject({ ctx: "tokens", beta: "1", tok_per_w_p5: "tok/J", n_max_max: "sequences" });
    const manifest = JSON.parse(bytes("w1", "manifest.json").toString());
    expect(manifest.units.points).toEqual(units("points.arrow"));
    expect(manifest.units.bands).toEqual(units("bands.arrow"));
    expect(manifest.units.bands.tok_per_w_p50).toBe("tok/J");
    expect(manifest.units.points.power_factor).toBe("1");
    expect(manifest.counts).toEqual({ gridPoints: 700, samplesPerPoint: 200, points: 700, rows: 140000 });
    expect(manifest.definitionHash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.seed).toBe(7);
    expect(listFiles(join(dir, "w1"))).toEqual(["bands.arrow", "bands.csv", "bands.parquet", "manifest.json", "points.arrow", "points.parquet"]);
  });

  it("a merge refuses incomplete or mixed shard sets", async () => {
    await expect(mergeShards([join(dir, "shard1"), join(dir, "shard3")], join(dir, "bad"))).rejects.toThrow("2 folders given");
    await expect(mergeShards(["shard1", "shard2", "w1"].map((d) => join(dir, d)), join(dir, "bad"))).rejects.toThrow("shard 1/1, but 3 folders given");
    expect(existsSync(join(dir, "bad"))).toBe(false);
  });
});
