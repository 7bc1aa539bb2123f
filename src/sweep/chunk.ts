// One chunk of work, as a worker does it: whole points [p0, p1) (whole blocks, so derived
// metrics see every cell they need) × all samples → draws, metrics, derived metrics, and
// the bands of each point. Pure: the result depends on the plan and (p0, p1) only.
import { InputError } from "../errors.ts";
import { BAND_STATS, bandStats } from "./bands.ts";
import type { CellLookup, DimValue } from "./define.ts";
import type { ChunkRunner } from "./evaluator.ts";
import { coord, type Plan, type PlanDerived } from "./plan.ts";
import { DrawCache, fillDraws } from "./sampler.ts";

export interface ChunkResult {
  p0: number;
  p1: number;
  /** per point, per banded column (metrics then derived), the 9 BAND_STATS */
  bands: Float64Array;
  /** per-row columns of points.arrow (draws, metrics, derived), when asked for */
  columns: Float64Array[] | null;
}

/** Names of the columns that get bands: reported metrics, then derived metrics. */
export function bandedColumns(plan: Plan): string[] {
  return [...plan.metrics, ...plan.derived.map((d) => d.name)];
}

/** Offset from point p to the cell of its group selected by `select` (values of the across dimensions). */
function cellOffset(plan: Plan, d: PlanDerived, p: number, select: Record<string, DimValue>): number {
  let q = 0;
  for (const a of d.across) {
    const name = plan.dims[a].name;
    const at = plan.dims[a].values.indexOf(select[name]);
    if (at < 0) throw new InputError(`derived.${d.name}: ${name} = ${JSON.stringify(select[name])} is not a value of grid.${name}`);
    q += (at - coord(plan, p, a)) * plan.strides[a];
  }
  return q;
}

/** ratio(): numerator over denominator metric, whole samples at a time. */
function computeRatio(plan: Plan, d: PlanDerived, p0: number, p1: number, out: readonly Float64Array[]): Float64Array {
  const S = plan.samples;
  const { metric, numerator, denominator } = d.ratio!;
  const col = out[Object.keys(plan.evaluator.metrics).indexOf(metric)];
  const result = new Float64Array((p1 - p0) * S);
  for (let p = p0; p < p1; p++) {
    const num = (p + cellOffset(plan, d, p, numerator) - p0) * S;
    const den = (p + cellOffset(plan, d, p, denominator) - p0) * S;
    const row = (p - p0) * S;
    for (let s = 0; s < S; s++) result[row + s] = col[num + s] / col[den + s];
  }
  return result;
}

function computeDerived(plan: Plan, d: PlanDerived, p0: number, p1: number, out: readonly Float64Array[]): Float64Array {
  if (d.ratio) return computeRatio(plan, d, p0, p1, out);
  const S = plan.samples;
  const names = Object.keys(plan.evaluator.metrics);
  const acrossNames = new Set(d.across.map((a) => plan.dims[a].name));
  const result = new Float64Array((p1 - p0) * S);
  let p = p0;
  let s = 0;
  const cell: CellLookup = (select) => {
    for (const key of Object.keys(select)) {
      if (!acrossNames.has(key)) throw new InputError(`derived.${d.name}: selects ${key}, which is not in across`);
    }
    const row = (p + cellOffset(plan, d, p, select) - p0) * S + s;
    const metrics: Record<string, number> = {};
    for (let m = 0; m < names.length; m++) metrics[names[m]] = out[m][row];
    return metrics;
  };
  for (p = p0; p < p1; p++) {
    for (s = 0; s < S; s++) {
      try {
        result[(p - p0) * S + s] = d.value(cell);
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        throw new InputError(`derived.${d.name} failed at point ${p}, sample ${s}: ${msg}`);
      }
    }
  }
  return result;
}

/** Evaluates points [p0, p1); `cache` (one per plan) lets draw columns outlive the chunk. */
export function computeChunk(plan: Plan, runner: ChunkRunner, p0: number, p1: number, withColumns: boolean,
  cache = new DrawCache()): ChunkResult {
  const S = plan.samples;
  const rows = (p1 - p0) * S;
  const draws = plan.perturbations.map((_, j) => {
    const col = new Float64Array(rows);
    fillDraws(plan, j, p0, p1, col, cache);
    return col;
  });
  const out = Object.keys(plan.evaluator.metrics).map(() => new Float64Array(rows));
  runner.run(p0, p1, draws, out);
  const derived = plan.derived.map((d) => computeDerived(plan, d, p0, p1, out));
  const banded = [...plan.metricSlots.map((m) => out[m]), ...derived];
  const stride = banded.length * BAND_STATS.length;
  const bands = new Float64Array((p1 - p0) * stride);
  const scratch = new Float64Array(S);
  for (let p = p0; p < p1; p++) {
    for (let c = 0; c < banded.length; c++) {
      scratch.set(banded[c].subarray((p - p0) * S, (p - p0 + 1) * S));
      bandStats(scratch, bands, (p - p0) * stride + c * BAND_STATS.length);
    }
  }
  return { p0, p1, bands, columns: withColumns ? [...draws, ...banded] : null };
}
