// Study 3's results: for every Table 3 cell and headline gain, the spread of the reference
// sampler's value over the seeds, the exact expectation, and where the published digit
// (seed 42) falls among the seeds' values rounded as the paper prints them.
import { BAND_STATS, bandStats } from "../../stats/bands.ts";
import { published } from "../published.ts";
import { table3Rows, type Table3Row } from "../table3.ts";
import { type BandRow } from "./bandRows.ts";
import { exactGains, GAIN_KINDS, nominalGain, type GainKind } from "./monteCarloResults.ts";
import { H100, TABLE3_GPU_PROFILE } from "./profiles.ts";

/** The CPython seed behind the paper's published Table 3 digits. */
export const PAPER_SEED = 42;

export type Band = Record<(typeof BAND_STATS)[number], number>;

export function band(values: readonly number[]): Band {
  const out = new Float64Array(BAND_STATS.length);
  bandStats(Float64Array.from(values), out, 0);
  return Object.fromEntries(BAND_STATS.map((s, i) => [s, out[i]])) as Band;
}

/** Mid-rank percentile (0–100) of `digit` among the values rounded to the digit's precision. */
export function percentileOf(digit: number, values: readonly number[], decimals: number): number {
  const rounded = values.map((v) => Number(v.toFixed(decimals)));
  const below = rounded.filter((v) => v < digit).length;
  const equal = rounded.filter((v) => v === digit).length;
  return (100 * (below + equal / 2)) / values.length;
}

export interface NoiseRow {
  workload: string;
  /** H100 | B200 (empty for a gain, which spans cells) */
  gpu: string;
  topology: string;
  /** total_gpus | fleet_power_kw | fleet_tok_per_w | a gain */
  quantity: string;
  decimals: number;
  exact: number;
  seed42: number | null;
  published: number | null;
  band: Band;
  /** percentile of the published digit among the seeds (null: no published digit) */
  publishedPercentile: number | null;
  seeds: number;
}

const CELL_QUANTITIES = [
  { quantity: "total_gpus", metric: "gpus", column: 4, decimals: 0 },
  { quantity: "fleet_power_kw", metric: "power_kw", column: 5, decimals: 1 },
  { quantity: "fleet_tok_per_w", metric: "tok_per_w", column: 6, decimals: 2 },
] as const;

const GAIN_CELLS: Record<GainKind, { metric: string; gpu: string; topology: string; claim: string }> = {
  routing: { metric: "routing_gain", gpu: H100, topology: "homo", claim: "routing_gain_h100_azure" },
  generation: { metric: "generation_gain", gpu: H100, topology: "homo", claim: "generation_gain_homo_azure" },
  combined: { metric: "combined_gain", gpu: H100, topology: "homo", claim: "combined_gain_azure" },
};

function seedValues(bands: readonly BandRow[], select: Record<string, string>, metric: string): { seeds: number[]; values: number[] } {
  const rows = bands.filter((r) => Object.entries(select).every(([k, v]) => r[k] === v));
  return { seeds: rows.map((r) => r.sampler_seed as number), values: rows.map((r) => r[`${metric}_mean`] as number) };
}

function noiseRow(base: Omit<NoiseRow, "band" | "seed42" | "publishedPercentile" | "seeds">, seeds: number[], values: number[]): NoiseRow {
  const at42 = seeds.indexOf(PAPER_SEED);
  return {
    ...base, band: band(values), seed42: at42 < 0 ? null : values[at42], seeds: values.length,
    publishedPercentile: base.published === null ? null : percentileOf(base.published, values, base.decimals),
  };
}

/** One row per Table 3 cell and quantity, in the paper's row order. */
export function cellNoiseRows(bands: readonly BandRow[]): NoiseRow[] {
  const paper = published().table3.rows;
  const exact: Table3Row[] = table3Rows({ revision: "v1", sampler: "exact", seed: 42 });
  return exact.flatMap((cell) => CELL_QUANTITIES.map(({ quantity, metric, column, decimals }) => {
    const p = paper.find((x) => x[0] === cell.workload && x[2] === cell.topology && x[3] === cell.gpu);
    const { seeds, values } = seedValues(bands, { workload: cell.workload, gpu: TABLE3_GPU_PROFILE[cell.gpu], topology: cell.topology }, metric);
    return noiseRow({
      workload: cell.workload, gpu: cell.gpu, topology: cell.topology, quantity, decimals, exact: cell[quantity],
      published: p === undefined ? null : (p[column] as number),
    }, seeds, values);
  }));
}

/** The headline gains per workload; the paper states them for azure only. */
export function gainNoiseRows(bands: readonly BandRow[]): NoiseRow[] {
  const claims = published().headline_claims;
  return exactGains().flatMap((g) => GAIN_KINDS.map((gain) => {
    const { metric, gpu, topology, claim } = GAIN_CELLS[gain];
    const { seeds, values } = seedValues(bands, { workload: g.workload, gpu, topology }, metric);
    return noiseRow({
      workload: g.workload, gpu: "", topology: "", quantity: `${gain}_gain`, decimals: 2, exact: nominalGain(g, gain),
      published: g.workload === "azure" ? (claims[claim] as number) : null,
    }, seeds, values);
  }));
}
