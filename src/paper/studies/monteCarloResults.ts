// Study 2's results: gain distributions per workload and modelling choice, the fraction of
// samples in which routing beats generation, beside the unperturbed (exact) Table 3.
import { table3Gains, table3Rows, type Gains } from "../table3.ts";
import { only, stat, type BandRow, type BandStat } from "./bandRows.ts";
import { H100 } from "./profiles.ts";

export const GAIN_KINDS = ["routing", "generation", "combined"] as const;
export type GainKind = (typeof GAIN_KINDS)[number];

export interface GainRow {
  correlation: string;
  b200: string;
  workload: string;
  gain: GainKind;
  /** exact Table 3, nothing perturbed */
  nominal: number;
  mean: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  /** fraction of samples with routing gain > generation gain (same on the three gains of a group) */
  routing_dominant: number;
}

/** The cell each gain's band is read from (a derived metric is repeated over its group). */
const GAIN_CELL: Record<GainKind, { metric: string; gpu: string; topology: string }> = {
  routing: { metric: "routing_gain", gpu: H100, topology: "homo" },
  generation: { metric: "generation_gain", gpu: H100, topology: "homo" },
  combined: { metric: "combined_gain", gpu: H100, topology: "homo" },
};

export function exactGains(): Gains[] {
  return table3Gains(table3Rows({ revision: "v1", sampler: "exact", seed: 42 }));
}

export function nominalGain(g: Gains, kind: GainKind): number {
  return kind === "routing" ? g.routing.H100 : kind === "generation" ? g.generation.homo : g.combined;
}

export function gainRows(bands: readonly BandRow[]): GainRow[] {
  const exact = exactGains();
  const groups = new Map<string, BandRow>();
  for (const r of bands) groups.set(`${r.correlation}|${r.b200}|${r.workload}`, r);
  return [...groups.values()].flatMap((g) => GAIN_KINDS.map((gain) => {
    const { metric, gpu, topology } = GAIN_CELL[gain];
    const row = only(bands, { correlation: g.correlation, b200: g.b200, workload: g.workload, gpu, topology });
    const s = (q: BandStat) => stat(row, metric, q);
    const nominal = exact.find((e) => e.workload === g.workload);
    if (nominal === undefined) throw new Error(`no exact Table 3 gains for ${g.workload}`);
    return {
      correlation: g.correlation as string, b200: g.b200 as string, workload: g.workload as string, gain,
      nominal: nominalGain(nominal, gain), mean: s("mean"), p5: s("p5"), p25: s("p25"), p50: s("p50"), p75: s("p75"),
      p95: s("p95"), routing_dominant: stat(row, "routing_dominant", "mean"),
    };
  }));
}

export interface MonteCarloCell {
  correlation: string;
  b200: string;
  workload: string;
  gpu: string;
  topology: string;
  tokPerW: { p5: number; p50: number; p95: number };
  gpus: { min: number; max: number };
  sloMet: number;
}

export function monteCarloCells(bands: readonly BandRow[]): MonteCarloCell[] {
  return bands.map((r) => ({
    correlation: r.correlation as string, b200: r.b200 as string, workload: r.workload as string, gpu: r.gpu as string,
    topology: r.topology as string,
    tokPerW: { p5: stat(r, "tok_per_w", "p5"), p50: stat(r, "tok_per_w", "p50"), p95: stat(r, "tok_per_w", "p95") },
    gpus: { min: stat(r, "gpus", "min"), max: stat(r, "gpus", "max") },
    sloMet: stat(r, "slo_met", "mean"),
  }));
}
