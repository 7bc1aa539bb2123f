// `wattsweep analyze DIR` on a Monte Carlo run of a linear user model y = 3 x1 + 2 x2 − x3
// (x_i uniform on [0, 1], independent): SRC_i = c_i sd(x_i) / sd(y) exactly on the sample
// (c_i / sqrt(Σ c²) in expectation) with R² = 1, PRCC
// and Spearman with the coefficients' signs and ordered like |c_i|.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { checkWellFormed } from "../calibrate/wellFormed.ts";
import { cli } from "../helpers.ts";
import { analyzeRun } from "../../src/output/rankAnalysis.ts";
import { readManifest, verifyResultSet, type FileEntry } from "../../src/output/resultSet.ts";
import { InputError } from "../../src/errors.ts";
import { runSweep } from "../../src/sweep/index.ts";
import { sweepFile, tempDir } from "./helpers.ts";

const C = [3, 2, -1];
const body = (method: string) => `export default w.defineSweep({
  name: "linear",
  grid: { shift: [0, 10] },
  uncertain: { x1: { dist: w.uniform(0, 1) }, x2: { dist: w.uniform(0, 1) }, x3: { dist: w.uniform(0, 1) } },
  model: {
    outputs: { y: "W" },
    evaluate: ({ x1, x2, x3, shift }, { y }, rows) => {
      for (let r = 0; r < rows; r++) y[r] = shift[r] + ${C[0]} * x1[r] + ${C[1]} * x2[r] + ${C[2]} * x3[r];
    },
  },
  samples: 2000,
  method: "${method}",
  seed: 9,
});`;

describe("analyze", () => {
  it("recovers the standardised coefficients of a linear model, with CIs around them, per grid point", async () => {
    const dir = tempDir();
    const out = join(dir, "mc");
    await runSweep({ file: sweepFile(dir, "linear", body("monteCarlo")), out, workers: 2, points: true, progress: null });
    const { table, files } = await analyzeRun(out, { resamples: 200 });
    expect(files.map((f) => f.slice(out.length + 1))).toEqual(["rank_indices.arrow", "rank_indices.csv", "rank_indices.parquet", "rank_indices_y.svg"]);
    const svg = readFileSync(join(out, "rank_indices_y.svg"), "utf8");
    checkWellFormed(svg);
    expect([...svg.matchAll(/rotate\(30\)" text-anchor="start">(\w+)</g)].map((m) => m[1])).toEqual(["x1", "x2", "x3"]);
    expect(table.length).toBe(2 * 3);
    const [header, ...lines] = readFileSync(join(out, "rank_indices.csv"), "utf8").trim().split("\n").map((l) => l.split(","));
    const rows = lines.map((l) => Object.fromEntries(header.map((h, i) => [h, l[i]])));
    const norm = Math.hypot(...C);
    const points = tableFromIPC(readFileSync(join(out, "points.arrow")));
    const sd = (name: string, p: number) => {
      const x = (points.getChild(name)!.toArray() as Float64Array).subarray(p * 2000, (p + 1) * 2000);
      const mean = x.reduce((a, b) => a + b, 0) / x.length;
      return Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0));
    };
    rows.forEach((r, n) => {
      const i = n % 3;
      const p = Math.floor(n / 3);
      expect(Number(r.src)).toBeCloseTo((C[i] * sd(`x${i + 1}`, p)) / sd("y", p), 9);
      expect(r.input).toBe(`x${i + 1}`);
      expect(r.shift).toBe(String(n < 3 ? 0 : 10));
      expect(r.unit).toBe("W");
      expect(Math.abs(Number(r.src) - C[i] / norm)).toBeLessThan(0.03);
      expect(Number(r.src_low)).toBeLessThanOrEqual(Number(r.src));
      expect(Number(r.src_high)).toBeGreaterThanOrEqual(Number(r.src));
      expect(Number(r.src_r2)).toBeCloseTo(1, 9);
      expect(Math.sign(Number(r.prcc))).toBe(Math.sign(C[i]));
      expect(Math.abs(Number(r.prcc))).toBeGreaterThan(0.8);
      expect(Math.sign(Number(r.spearman))).toBe(Math.sign(C[i]));
    });
    for (const stat of ["spearman", "prcc"]) {
      const v = rows.slice(0, 3).map((r) => Math.abs(Number(r[stat])));
      expect(v[0]).toBeGreaterThan(v[1]);
      expect(v[1]).toBeGreaterThan(v[2]);
    }
  });

  it("adds its files to the folder's manifest, which still verifies; a second analysis replaces the first", async () => {
    const dir = tempDir();
    const out = join(dir, "mc");
    await runSweep({ file: sweepFile(dir, "linear", body("monteCarlo")), out, workers: 1, points: true, progress: null });
    const before = readManifest<{ files: FileEntry[] }>(out).files;
    const r = await cli(["analyze", out, "--resamples", "50"]);
    expect([r.code, r.stdout]).toEqual([0, ""]);
    expect(r.stderr).toMatch(/6 rank-index rows → .*rank_indices\.csv/);
    const after = readManifest<{ files: FileEntry[]; analyses: Record<string, Record<string, string>> }>(out);
    expect(after.files.map((f) => f.name)).toEqual([...before.map((f) => f.name), "rank_indices.arrow", "rank_indices.csv",
      "rank_indices.parquet", "rank_indices_y.svg"].sort());
    for (const f of before) expect(after.files.find((g) => g.name === f.name)).toEqual(f);
    expect(after.analyses.rank_indices.bootstrap).toBe("50 resamples");
    verifyResultSet(out, after.files);
    expect(readdirSync(dir).filter((f) => f.includes("partial") || f.endsWith(".lock"))).toEqual([]);
    await cli(["analyze", out, "--resamples", "60"]);
    const again = readManifest<{ files: FileEntry[]; analyses: Record<string, Record<string, string>> }>(out);
    expect(again.files.map((f) => f.name)).toEqual(after.files.map((f) => f.name));
    expect(again.analyses.rank_indices.bootstrap).toBe("60 resamples");
    verifyResultSet(out, again.files);
  });

  it("one input with a monotone effect: Spearman = PRCC = 1 exactly, SRC the (smaller) linear correlation", async () => {
    const dir = tempDir();
    const out = join(dir, "exp");
    await runSweep({ file: sweepFile(dir, "exp", `export default w.defineSweep({
  name: "exp", grid: { k: [1] }, uncertain: { x: { dist: w.uniform(0, 3) } },
  model: { outputs: { y: "1" }, evaluate: ({ x }, { y }, rows) => { for (let r = 0; r < rows; r++) y[r] = Math.exp(x[r]); } },
  samples: 500, method: "latinHypercube", seed: 2,
});`), out, workers: 1, points: true, progress: null });
    const { table } = await analyzeRun(out, { resamples: 100 });
    const value = (name: string) => (table.columns.find((c) => c.name === name)!.values as ArrayLike<number>)[0];
    expect(table.length).toBe(1);
    expect(value("spearman")).toBe(1);
    expect(value("prcc")).toBe(1);
    // corr(X, e^X) for X uniform on [0, 3]: cov = (2e^3 + 1)/3 - 1.5 (e^3 - 1)/3, var e^X = (e^6 - 1)/6 - ((e^3 - 1)/3)^2
    const e3 = Math.exp(3);
    const mean = (e3 - 1) / 3;
    const corr = ((2 * e3 + 1) / 3 - 1.5 * mean) / Math.sqrt(0.75 * ((e3 * e3 - 1) / 6 - mean * mean));
    expect(corr).toBeCloseTo(0.936, 3);
    expect(Math.abs(value("src") - corr)).toBeLessThan(0.01);
    expect(value("src_r2")).toBeCloseTo(value("src") ** 2, 12);
  });

  it("refuses a run without points.arrow, and a sobol run, with one line naming the folder", async () => {
    const dir = tempDir();
    await runSweep({ file: sweepFile(dir, "nopoints", body("latinHypercube")), out: join(dir, "lhs"), workers: 1, progress: null });
    await expect(analyzeRun(join(dir, "lhs"))).rejects.toThrow(`${join(dir, "lhs")}: no points.arrow; run the sweep with --points`);
    await runSweep({ file: sweepFile(dir, "sobol", body("sobol").replace("samples: 2000", "samples: 64")), out: join(dir, "s"), workers: 1, progress: null });
    const r = await cli(["analyze", join(dir, "s")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/method = sobol: analyze reads Monte Carlo or Latin hypercube runs/);
  });

  it("a truncated manifest is one line naming it, not a JSON parser's trace", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "manifest.json"), '{"name": "cut');
    await expect(analyzeRun(dir)).rejects.toThrow(/manifest\.json: unreadable manifest \(/);
    await expect(analyzeRun(dir)).rejects.toBeInstanceOf(InputError);
  });
});
