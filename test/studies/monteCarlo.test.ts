// Study 2: with every factor fixed at 1 the Monte Carlo is Table 3 exactly; with factors
// drawn, one sample re-sized directly from its drawn profile gives the same fleet; and the
// gains and routing-dominant fraction follow from the cells sample by sample.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { EXACT, loadWorkload, PAPER_B_SHORT, PAPER_FLEET, sizeFleet, type Topology } from "../../src/fleet/index.ts";
import { b200Profile, MANUAL_PROFILES } from "../../src/model/index.ts";
import { gainRows } from "../../src/paper/studies/monteCarloResults.ts";
import { gainVerdicts } from "../../src/paper/studies/verdicts.ts";
import { table3Gains, table3Rows } from "../../src/paper/table3.ts";
import { only } from "../../src/paper/studies/bandRows.ts";
import { moduleDir, runStudySweep, studyFile } from "./helpers.ts";

const H100 = "h100-80gb";
const B200 = "b200-projected";
const GPU = { H100, B200 } as const;

describe("referee-montecarlo", () => {
  it("with every factor fixed at 1 equals Table 3 (exact moments) in every cell, gain and variant", async () => {
    const file = studyFile(moduleDir(), "mc-fixed", "monteCarlo", "monteCarloSweep",
      `{ powerFactor: w.fixed(1), b200Factor: w.fixed(1), readings: ["latency", "power", "latency+power"], samples: 2 }`);
    const { bands } = await runStudySweep(file);
    const table3 = table3Rows({ revision: "v1", sampler: "exact", seed: 42 });
    expect(bands).toHaveLength(2 * 3 * table3.length);
    for (const b of bands) {
      const cell = table3.find((r) => r.workload === b.workload && GPU[r.gpu] === b.gpu && r.topology === b.topology)!;
      expect(b.tok_per_w_min).toBe(cell.fleet_tok_per_w);
      expect(b.tok_per_w_max).toBe(cell.fleet_tok_per_w);
      expect(b.gpus_p50).toBe(cell.total_gpus);
      expect(b.power_kw_p50).toBe(cell.fleet_power_kw);
    }
    const exact = table3Gains(table3);
    for (const g of gainRows(bands)) {
      const e = exact.find((x) => x.workload === g.workload)!;
      const want = g.gain === "routing" ? e.routing.H100 : g.gain === "generation" ? e.generation.homo : e.combined;
      expect(g.p5).toBe(want);
      expect(g.p95).toBe(want);
      expect(g.nominal).toBe(want);
      expect(g.routing_dominant).toBe(e.routing.H100 > e.generation.homo ? 1 : 0);
    }
  });

  it("each sample re-sizes the fleet: a drawn sample recomputed directly, and the fraction counted sample by sample", async () => {
    const file = studyFile(moduleDir(), "mc-drawn", "monteCarlo", "monteCarloSweep",
      `{ correlations: ["independent"], readings: ["latency"], samples: 40 }`);
    const { bands, out } = await runStudySweep(file, true);
    const points = tableFromIPC(readFileSync(join(out, "points.arrow")));
    // point, sample and the GPU count (a count metric) are int64
    const col = (name: string) => Float64Array.from(points.getChild(name)!.toArray() as ArrayLike<number | bigint>, Number);
    const [point, sample, power, bW, bH, tokPerW, gpus] =
      ["point", "sample", "power_factor_independent", "b200_w", "b200_h", "tok_per_w", "gpus"].map(col);
    const wl = Object.fromEntries(Object.keys(PAPER_B_SHORT).map((w) => [w, loadWorkload(w)]));
    const topologyOf = (kind: string, bShort: number): Topology =>
      kind === "homo" ? { kind } : kind === "pool" ? { kind, bShort } : { kind: "fleetopt", bShort, gamma: PAPER_FLEET.gamma };
    const tokW = new Map<string, number>();
    const counts = new Set<number>();
    for (let i = 0; i < point.length; i++) {
      const b = bands.find((r) => r.point === Number(point[i]))!;
      const base = b.gpu === H100 ? MANUAL_PROFILES[H100] : b200Profile("v1");
      const profile = b.gpu === H100 ? base : { ...base, W: base.W * bW[i], H: base.H * bH[i] };
      const w = b.workload as string;
      const fleet = sizeFleet(topologyOf(b.topology as string, PAPER_B_SHORT[w]), wl[w], profile, PAPER_FLEET, EXACT);
      expect(gpus[i]).toBe(fleet.totalGpus);
      expect(Math.abs(tokPerW[i] / (fleet.tokPerW / power[i]) - 1)).toBeLessThan(1e-12);
      if (b.gpu === B200) counts.add(gpus[i]);
      tokW.set(`${w}|${b.gpu}|${b.topology}|${sample[i]}`, tokPerW[i]);
    }
    expect(counts.size).toBeGreaterThan(2); // GPU counts change from sample to sample
    for (const w of Object.keys(PAPER_B_SHORT)) {
      let dominant = 0;
      for (let s = 0; s < 40; s++) {
        if (tokW.get(`${w}|${H100}|fleetopt|${s}`)! > tokW.get(`${w}|${B200}|homo|${s}`)!) dominant++;
      }
      const row = only(bands, { workload: w, gpu: H100, topology: "homo" });
      expect(row.routing_dominant_mean).toBeCloseTo(dominant / 40, 12);
      const verdict = gainVerdicts(gainRows(bands), [3.1, 5.4], 0.8).find((v) => v.workload === w)!;
      expect(verdict.dominanceHolds).toBe(dominant / 40 > 0.8);
    }
  });

  it("shared power factors cancel in the gains; the power reading leaves GPU counts alone", async () => {
    const file = studyFile(moduleDir(), "mc-shared", "monteCarlo", "monteCarloSweep",
      `{ correlations: ["shared"], readings: ["power"], b200Factor: w.fixed(1), samples: 50 }`);
    const { bands } = await runStudySweep(file);
    const exact = table3Gains(table3Rows({ revision: "v1", sampler: "exact", seed: 42 }));
    for (const g of gainRows(bands)) {
      const e = exact.find((x) => x.workload === g.workload)!;
      const want = g.gain === "routing" ? e.routing.H100 : g.gain === "generation" ? e.generation.homo : e.combined;
      expect(Math.abs(g.p5 / want - 1)).toBeLessThan(1e-12);
      expect(Math.abs(g.p95 / want - 1)).toBeLessThan(1e-12);
    }
    for (const b of bands) {
      expect(b.gpus_min).toBe(b.gpus_max);
      expect(b.tok_per_w_max as number).toBeGreaterThan(b.tok_per_w_min as number);
    }
  });
});
