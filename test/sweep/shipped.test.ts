// The sweeps shipped in sweeps/: they load, and Table 1's bands sit around the reference
// Table 1 (the unperturbed value lies inside every band; nMax and iteration time are exact).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";
import { loadSweepPlan } from "../../src/sweep/index.ts";
import { runSweep } from "../../src/sweep/index.ts";
import { sobolGIndices } from "../../src/stats/sensitivity/index.ts";
import { ROOT, tempDir } from "./helpers.ts";

const reference = JSON.parse(readFileSync(join(ROOT, "test/fixtures/reference-v1.json"), "utf8")).table1 as Array<
  { ctx: number } & Record<"H100" | "B200", { n_max: number; iter_s: number; tok_per_w: number }>>;

describe("shipped sweeps", () => {
  it("all load and describe a grid", async () => {
    const sizes: Record<string, number> = {};
    for (const name of ["table1-bands", "table3-bands", "table3-seed-noise"]) {
      const plan = await loadSweepPlan(join(ROOT, "sweeps", `${name}.ts`));
      sizes[name] = plan.points;
    }
    expect(sizes).toEqual({ "table1-bands": 14, "table3-bands": 12, "table3-seed-noise": 12 });
    const samples: Record<string, number> = {};
    for (const name of ["examples/ishigami", "examples/sobol-g", "referee-sensitivity", "referee-sensitivity-alpha"]) {
      samples[name] = (await loadSweepPlan(join(ROOT, "sweeps", `${name}.ts`))).samples;
    }
    // N(2k+2) with second order, else N(k+2); the gains have 5 inputs (a power factor per GPU), alpha 6
    expect(samples).toEqual({
      "examples/ishigami": 8192 * 8, "examples/sobol-g": 8192 * 8, "referee-sensitivity": 8192 * 7, "referee-sensitivity-alpha": 8192 * 8,
    });
  });

  it("examples/sobol-g gives G's analytic indices within 0.01", async () => {
    const out = join(tempDir(), "g");
    await runSweep({ file: join(ROOT, "sweeps/examples/sobol-g.ts"), out, workers: 2, progress: null });
    const rows = pl.readCSV(readFileSync(join(out, "indices.csv"), "utf8")).toRecords();
    const exact = sobolGIndices([0, 1, 4.5, 9, 99, 99]);
    expect(rows.map((r) => r.input)).toEqual(["x1", "x2", "x3", "x4", "x5", "x6"]);
    rows.forEach((r, i) => {
      expect(Math.abs((r.s1 as number) - exact.first[i])).toBeLessThan(0.01);
      expect(Math.abs((r.st as number) - exact.total[i])).toBeLessThan(0.01);
    });
  });

  it("table1-bands brackets the reference Table 1", async () => {
    const out = join(tempDir(), "t1");
    await runSweep({ file: join(ROOT, "sweeps/table1-bands.ts"), out, workers: 2, progress: null });
    const bands = pl.readCSV(readFileSync(join(out, "bands.csv"), "utf8")).toRecords();
    expect(bands).toHaveLength(14);
    for (const row of bands) {
      const ref = reference.find((r) => r.ctx === row.ctx)![row.gpu === "h100-80gb" ? "H100" : "B200"];
      expect(row.n_max_p50).toBe(ref.n_max);
      expect(row.iter_s_max).toBe(ref.iter_s);
      expect(row.tok_per_w_p5 as number).toBeLessThan(ref.tok_per_w);
      expect(row.tok_per_w_p95 as number).toBeGreaterThan(ref.tok_per_w);
      // uniform ±15 % (and ±20 % on B200) power: the median sits within 3 % of the reference
      expect(Math.abs((row.tok_per_w_p50 as number) / ref.tok_per_w - 1)).toBeLessThan(0.03);
    }
  });
});
