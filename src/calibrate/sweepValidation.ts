// A context sweep at the server's concurrency against a profile: per row the measured tok/W
// beside the model's at its own n_max (the paper's Table 1 point) and at the measured
// concurrency, tok/s and power alongside, each with a band; coverage, how far the measured
// concurrency is from the model's n_max, and alpha measured vs modelled.
import { nSlots, type Profile } from "../model/index.ts";
import { alphaFit, type AlphaEstimate, type AlphaRange } from "./alpha.ts";
import { bandOf, cornerProfiles, type Uncertainty } from "./band.ts";
import { measuredPoint, modelAt, type ContextSweep, type OperatingPoint } from "./contextSweep.ts";
import { maxOf, minOf } from "../numeric/extent.ts";

export const SWEEP_QUANTITIES = ["tok_per_w", "tok_s", "power_w"] as const;
export type SweepQuantity = (typeof SWEEP_QUANTITIES)[number];
export type Bands = Record<SweepQuantity, [number, number]>;

/** The band of each quantity the model allows at context ctx and concurrency n. */
export type SweepBandFn = (ctx: number, n: number, line: number) => Bands;

/** ±u on power and latency terms (corners of the box, see cornerProfiles), ±tokPerW on tok/W itself. */
export interface BoxUncertainty extends Uncertainty {
  tokPerW: number;
}

export function boxSweepBand(p: Profile, u: BoxUncertainty): SweepBandFn {
  const corners = cornerProfiles(p, u);
  return (ctx, n) => {
    const tpw = modelAt(p, ctx, n).tok_per_w;
    return {
      tok_per_w: [tpw * (1 - u.tokPerW), tpw * (1 + u.tokPerW)],
      tok_s: bandOf(corners, (c) => modelAt(c, ctx, n).tok_s),
      power_w: bandOf(corners, (c) => modelAt(c, ctx, n).power_w),
    };
  };
}

export interface ModelComparison {
  model: OperatingPoint;
  band: Bands;
  inside: Record<SweepQuantity, boolean>;
}

export interface SweepComparisonRow {
  line: number;
  context: number;
  gpus?: number;
  measured: OperatingPoint;
  /** the model at its own n_max for this context */
  atNMax: ModelComparison;
  /** the model at the measured concurrency */
  atMeasuredN: ModelComparison;
  /** measured concurrency ÷ model n_max */
  nRatio: number;
  /** the measured concurrency is more than the model's KV capacity admits */
  exceedsCapacity: boolean;
}

export interface Coverage {
  inside: number;
  total: number;
}

export type CoverageSet = Record<SweepQuantity, Coverage>;

export interface AlphaComparison {
  measured: AlphaEstimate[];
  /** the model's tok/W at its own n_max over the same contexts */
  model: AlphaEstimate[];
  /** the model's tok/W at the measured concurrencies */
  modelAtMeasuredN: AlphaEstimate[];
}

export interface SweepValidation {
  profile: string;
  rows: SweepComparisonRow[];
  /** tok/W at the model's n_max (the paper's claim), tok/s and power at the measured concurrency */
  coverage: CoverageSet;
  /** every quantity at both operating points */
  coverageAt: { nMax: CoverageSet; measuredN: CoverageSet };
  nRatio: { min: number; max: number };
  alpha: AlphaComparison;
}

function compare(measured: OperatingPoint, model: OperatingPoint, band: Bands): ModelComparison {
  const inside = Object.fromEntries(SWEEP_QUANTITIES.map((q) => [q, measured[q] >= band[q][0] && measured[q] <= band[q][1]]));
  return { model, band, inside: inside as Record<SweepQuantity, boolean> };
}

/** alpha of model values: a fit with no sampling error, so no interval. */
function modelAlpha(ctx: readonly number[], tokPerW: readonly number[], range: AlphaRange): AlphaEstimate {
  return { ...alphaFit(ctx, tokPerW, range), stderr: NaN, ci95: null };
}

function coverageOf(rows: readonly SweepComparisonRow[], at: "atNMax" | "atMeasuredN"): CoverageSet {
  const one = (q: SweepQuantity) => ({ inside: rows.filter((r) => r[at].inside[q]).length, total: rows.length });
  return { tok_per_w: one("tok_per_w"), tok_s: one("tok_s"), power_w: one("power_w") };
}

export function validateContextSweep(p: Profile, sweep: ContextSweep, band: SweepBandFn, ranges: readonly AlphaRange[]): SweepValidation {
  const rows = sweep.rows.map((r): SweepComparisonRow => {
    const nMax = nSlots(p, r.ctx);
    const measured = measuredPoint(r);
    return {
      line: r.line, context: r.ctx, ...(r.gpus === undefined ? {} : { gpus: r.gpus }), measured,
      atNMax: compare(measured, modelAt(p, r.ctx, nMax), band(r.ctx, nMax, r.line)),
      atMeasuredN: compare(measured, modelAt(p, r.ctx, r.n), band(r.ctx, r.n, r.line)),
      nRatio: r.n / nMax,
      exceedsCapacity: r.n > nMax,
    };
  });
  const nMaxCov = coverageOf(rows, "atNMax");
  const atN = coverageOf(rows, "atMeasuredN");
  const ctx = rows.map((r) => r.context);
  const distinct = [...new Set(ctx)];
  return {
    profile: p.name,
    rows,
    coverage: { tok_per_w: nMaxCov.tok_per_w, tok_s: atN.tok_s, power_w: atN.power_w },
    coverageAt: { nMax: nMaxCov, measuredN: atN },
    nRatio: { min: minOf(rows.map((r) => r.nRatio)), max: maxOf(rows.map((r) => r.nRatio)) },
    alpha: {
      measured: ranges.map((g) => alphaFit(ctx, rows.map((r) => r.measured.tok_per_w), g)),
      model: ranges.map((g) => modelAlpha(distinct, distinct.map((c) => modelAt(p, c, nSlots(p, c)).tok_per_w), g)),
      modelAtMeasuredN: ranges.map((g) => modelAlpha(ctx, rows.map((r) => r.atMeasuredN.model.tok_per_w), g)),
    },
  };
}
