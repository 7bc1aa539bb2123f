// The fleet evaluator against the reference Table 3 (exact moments, v1 B200), through a worker.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";
import { runSweep } from "../../src/sweep/index.ts";
import { moduleDir, ROOT, sweepFile, tempDir } from "./helpers.ts";

interface RefRow { workload: string; topology: string; gpu: string; total_gpus: number; fleet_tok_per_w: number; fleet_power_kw: number }
const reference: RefRow[] = JSON.parse(readFileSync(join(ROOT, "test/fixtures/reference-v1.json"), "utf8")).table3_exact;
const GPU: Record<string, string> = { H100: "h100-80gb", B200: "b200-projected" };

const table3 = (uncertain: string, samples: number) => `export default w.defineSweep({
  name: "t3", evaluator: "fleet",
  grid: {
    workload: w.workloads("azure", "lmsys_multiturn"),
    gpu: w.profiles("h100-80gb", "b200-projected"),
    topology: w.topologies("homo", "pool", "fleetopt"),
  },
  uncertain: { ${uncertain} },
  samples: ${samples},
  derived: { combined: w.ratio("tok_per_w", { gpu: "b200-projected", topology: "fleetopt" }, { gpu: "h100-80gb", topology: "homo" }) },
});`;

describe("fleet sweeps", () => {
  const dir = moduleDir();

  it("without perturbation every cell is the reference Table 3, and power scales tok/W only", async () => {
    const plain = sweepFile(dir, "plain", table3("", 1));
    const scaled = sweepFile(dir, "scaled", table3(`p: { target: "power_scale", dist: w.fixed(1.25) }`, 2));
    await runSweep({ file: plain, out: join(dir, "plain"), workers: 1, progress: null });
    await runSweep({ file: scaled, out: join(dir, "scaled"), workers: 2, progress: null });
    const a = pl.readCSV(readFileSync(join(dir, "plain", "bands.csv"), "utf8"));
    const b = pl.readCSV(readFileSync(join(dir, "scaled", "bands.csv"), "utf8"));
    expect(a.height).toBe(12);
    for (const ref of reference) {
      const find = (df: pl.DataFrame) => df.filter(pl.col("workload").eq(pl.lit(ref.workload))
        .and(pl.col("gpu").eq(pl.lit(GPU[ref.gpu]))).and(pl.col("topology").eq(pl.lit(ref.topology)))).toRecords()[0];
      const row = find(a);
      expect(row.gpus_p50).toBe(ref.total_gpus);
      expect(Math.abs((row.tok_per_w_mean as number) / ref.fleet_tok_per_w - 1)).toBeLessThan(1e-12);
      expect(Math.abs((row.power_kw_max as number) / ref.fleet_power_kw - 1)).toBeLessThan(1e-12);
      const s = find(b);
      expect(s.gpus_min).toBe(ref.total_gpus);
      expect(Math.abs((s.tok_per_w_p50 as number) * 1.25 / ref.fleet_tok_per_w - 1)).toBeLessThan(1e-12);
    }
    const azure = (w: string, g: string, t: string) => reference.find((r) => r.workload === w && r.gpu === g && r.topology === t)!;
    const combined = azure("azure", "B200", "fleetopt").fleet_tok_per_w / azure("azure", "H100", "homo").fleet_tok_per_w;
    const gains = a.filter(pl.col("workload").eq(pl.lit("azure"))).getColumn("combined_mean").toArray() as number[];
    expect(gains).toHaveLength(6);
    for (const g of gains) expect(Math.abs(g / combined - 1)).toBeLessThan(1e-12);
  });

  it("perturbing W re-sizes the fleet in every sample", async () => {
    const file = sweepFile(dir, "w", table3(`wf: { target: "w", dist: w.uniform(0.7, 1.3), vary: "perGpu" }`, 40));
    await runSweep({ file, out: join(dir, "w"), workers: 2, progress: null });
    const a = pl.readCSV(readFileSync(join(dir, "w", "bands.csv"), "utf8"));
    const homo = a.filter(pl.col("workload").eq(pl.lit("azure")).and(pl.col("topology").eq(pl.lit("homo")))
      .and(pl.col("gpu").eq(pl.lit("h100-80gb")))).toRecords()[0];
    expect(homo.gpus_min as number).toBeLessThan(145);
    expect(homo.gpus_max as number).toBeGreaterThan(145);
  });
});
