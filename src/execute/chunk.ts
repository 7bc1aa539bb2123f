// One chunk of work, as a worker does it: whole points [p0, p1) (whole blocks, so derived
// metrics see every cell they need) × samples [s0, s1) → draws, metrics, derived metrics,
// and, when the chunk holds every sample, the bands of each point. A block too big for one
// chunk is cut into sample ranges; the coordinator then assembles the block and hands it to a
// worker to band (reduceBlock in worker.ts).
// Pure: the result depends on the plan and (p0, p1, s0, s1) only.
import { InputError } from "../errors.ts";
import { BAND_STATS, bandStats, constantBands } from "../stats/bands.ts";
import { offerOrders, ordersKept, type SampleOrder } from "../stats/sampleOrders.ts";
import { pointIndices } from "../stats/sensitivity/pointIndices.ts";
import type { CellLookup, DimValue } from "../definition/define.ts";
import { bandedColumns, coord, wholeBlocks, type ChunkRunner, type Plan, type PlanDerived } from "../plan/index.ts";
import { DrawCache, fillDraws } from "../sample/draws.ts";

export interface ChunkResult {
  p0: number;
  p1: number;
  s0: number;
  s1: number;
  /** per point, per banded column (metrics then derived), the 9 BAND_STATS; empty for a sample range */
  bands: Float64Array;
  /** sobol and morris: per point, the sensitivity indices (see pointIndices); else empty */
  indices: Float64Array;
  /**
   * per-row columns, row (p - p0) * (s1 - s0) + (s - s0): draws, metrics, derived when asked
   * for (points.arrow); the banded ones (metrics, derived) for a sample range; else null
   */
  columns: Float64Array[] | null;
}

/**
 * The first point of p's group for derived metric d (every `across` coordinate 0). A derived
 * value depends on its group only, so it is computed there once, and copied to the rest.
 */
function groupFirst(plan: Plan, d: PlanDerived, p: number): number {
  let first = p;
  for (const a of d.across) first -= coord(plan, p, a) * plan.strides[a];
  return first;
}

/**
 * When p's group's first point for d came earlier in this chunk (from p0 on), copies its
 * `length` values at `offset` of its `width`-long row into p's row and returns true: a derived
 * value, or its bands, are the group's.
 */
function copiedFromGroupFirst(plan: Plan, d: PlanDerived, p: number, p0: number, to: Float64Array, width: number, offset: number, length: number): boolean {
  const first = groupFirst(plan, d, p);
  if (first === p || first < p0) return false;
  const from = (first - p0) * width + offset;
  to.copyWithin((p - p0) * width + offset, from, from + length);
  return true;
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

/**
 * Column buffers of earlier chunks that nobody kept (no points.arrow, all samples banded
 * here), for the next chunk: a fresh zeroed Float64Array per column and chunk cost more
 * than the arithmetic that fills it. Every user overwrites each row, but for the
 * evaluator's outputs, zeroed as if new unless its runner writes every row, and the rows of
 * metrics marked constant (ChunkRunner.run), which nothing reads until filled.
 */
let spare: Float64Array[] = [];
const SPARE_MAX_ROWS = 2 ** 20;

function column(rows: number): Float64Array {
  const c = spare.pop();
  return c !== undefined && c.length === rows ? c : new Float64Array(rows);
}

/** ratio(): numerator over denominator metric, whole samples at a time, into `result`. */
function computeRatio(plan: Plan, d: PlanDerived, p0: number, p1: number, out: readonly Float64Array[], result: Float64Array): void {
  const S = out[0].length / (p1 - p0);
  const { metric, numerator, denominator } = d.ratio!;
  const col = out[Object.keys(plan.evaluator.metrics).indexOf(metric)];
  for (let p = p0; p < p1; p++) {
    const row = (p - p0) * S;
    // the same two cells, so the same values, as at the group's first point
    if (copiedFromGroupFirst(plan, d, p, p0, result, S, 0, S)) continue;
    divideRows(col, (p + cellOffset(plan, d, p, numerator) - p0) * S, (p + cellOffset(plan, d, p, denominator) - p0) * S, result, row, S);
  }
}

/**
 * result[at + s] = col[num + s] / col[den + s] for s < n. The loop alone: the optimizing
 * compiler takes it, and not its caller's lookups, as soon as it is hot (docs/architecture.md, "Hot loops").
 */
function divideRows(col: Float64Array, num: number, den: number, result: Float64Array, at: number, n: number): void {
  for (let s = 0; s < n; s++) result[at + s] = col[num + s] / col[den + s];
}

/** Derived metric d of points [p0, p1) from their metrics `out`, into `result`. */
function computeDerived(plan: Plan, d: PlanDerived, p0: number, p1: number, out: readonly Float64Array[], s0: number, result: Float64Array): void {
  if (d.ratio) return computeRatio(plan, d, p0, p1, out, result);
  const S = out[0].length / (p1 - p0);
  const names = Object.keys(plan.evaluator.metrics);
  const acrossNames = new Set(d.across.map((a) => plan.dims[a].name));
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
    if (copiedFromGroupFirst(plan, d, p, p0, result, S, 0, S)) continue;
    for (s = 0; s < S; s++) {
      try {
        result[(p - p0) * S + s] = d.value(cell);
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        throw new InputError(`derived.${d.name} failed at point ${p}, sample ${s0 + s}: ${msg}`);
      }
      if (result[(p - p0) * S + s] - result[(p - p0) * S + s] !== 0) {
        // a metric name misspelled in `value` reads undefined: say so rather than "NaN"
        const strict: CellLookup = (select) => new Proxy(cell(select), {
          get: (metrics, key) => {
            if (typeof key === "string" && !(key in metrics)) throw new InputError(`reads metric ${JSON.stringify(key)}, which cells do not have; metrics: ${names.join(", ")}`);
            return metrics[key as string];
          },
        });
        try {
          d.value(strict);
        } catch (err) {
          throw new InputError(`derived.${d.name} at point ${p}, sample ${s0 + s}: ${(err as Error).message}`);
        }
      }
    }
  }
}

/** A point's grid values, for messages: "ctx=8192, gpu=h100-80gb". */
function pointLabel(plan: Plan, p: number): string {
  return plan.dims.map((d, i) => `${d.name}=${d.values[coord(plan, p, i)]}`).join(", ");
}

/** Fails on the first NaN or ±Infinity of a reported column: wrong results must not pass as numbers. */
function requireFinite(plan: Plan, names: readonly string[], columns: readonly Float64Array[], p0: number, n: number, s0: number): void {
  columns.forEach((col, c) => {
    for (let r = 0; r < col.length; r++) {
      if (col[r] - col[r] !== 0) {
        const p = p0 + Math.floor(r / n);
        throw new InputError(`${names[c]} = ${col[r]} at point ${p} (${pointLabel(plan, p)}), sample ${s0 + (r % n)}`);
      }
    }
  });
}

/**
 * A worker's DrawCache for `plan` (DrawCache.forPlan), recording the Latin hypercube columns'
 * orders where sample orders are kept (computeChunk offers them to the bands).
 */
export function drawCacheFor(plan: Plan): DrawCache {
  return DrawCache.forPlan(plan, ordersKept(plan.samples));
}

/**
 * Rows evaluated at a time (whole blocks): a group's draws, metrics, derived metrics and bands
 * are made while its rows are in cache, rather than each stage over the whole chunk (a chunk
 * of whole replicates may be several times larger than its nominal rows, see chunkPointsFor).
 * When the chunk returns bands alone, every group reuses the same buffers.
 */
const GROUP_ROWS = 16384;

/**
 * An array of `n` values, `at(i)` each, built by push: a packed array of one kind each time
 * (an empty one, of no derived metrics say, is only asked its length), which the optimized
 * code of the chunk's stages keeps seeing; arrays from map() came
 * out of one kind or another, and code compiled for one was thrown away when the other came
 * (`node --trace-deopt`: "wrong map").
 */
function arrayOf<T>(n: number, at: (i: number) => T): T[] {
  const a: T[] = [];
  for (let i = 0; i < n; i++) a.push(at(i));
  return a;
}

/** Per evaluator metric: whether anything besides its bands reads its rows (points.arrow and sample ranges: `columns`; derived metrics; sensitivity indices). */
function metricRowsRead(plan: Plan, columns: boolean): boolean[] {
  return Object.keys(plan.evaluator.metrics).map((name) =>
    columns || plan.design !== null || plan.derived.some((d) => d.ratio === undefined || d.ratio.metric === name));
}

/**
 * Metrics the runner marked constant at a point of [p0, p1) (written to its first row alone)
 * get all their rows where `read` says something reads them, or where the value is not finite
 * (the bands' checks then find it): their marks are cleared. The marks left are bands' to use.
 */
function fillConstantRows(out: readonly Float64Array[], constant: Uint8Array, p0: number, p1: number, read: readonly boolean[]): void {
  const M = out.length;
  const n = out[0].length / (p1 - p0);
  for (let i = 0; i < constant.length; i++) {
    if (constant[i] === 0) continue;
    const m = i % M;
    const row = Math.floor(i / M) * n;
    const v = out[m][row];
    if (!read[m] && v - v === 0) continue;
    out[m].fill(v, row + 1, row + n);
    constant[i] = 0;
  }
}

/**
 * Evaluates points [p0, p1) × samples [s0, s1) (default: all); `cache` (one per plan) lets
 * draw columns outlive the chunk.
 */
export function computeChunk(plan: Plan, runner: ChunkRunner, p0: number, p1: number, withColumns: boolean,
  cache = new DrawCache(), s0 = 0, s1 = plan.samples): ChunkResult {
  const n = s1 - s0;
  const whole = n === plan.samples;
  // groups of whole blocks: derived metrics never leave a block
  const groupPoints = wholeBlocks(plan.blockPoints, GROUP_ROWS, n);
  // where only bands leave the chunk (no columns, no indices), every group's rows go to the
  // same buffers, which stay in cache, rather than to columns of the whole chunk
  const reused = whole && !withColumns && plan.design === null;
  const rows = (reused ? Math.min(p1 - p0, groupPoints) : p1 - p0) * n;
  const draws = arrayOf(plan.perturbations.length, () => column(rows));
  const out = arrayOf(Object.keys(plan.evaluator.metrics).length, () => column(rows));
  const derived = arrayOf(plan.derived.length, () => column(rows));
  const banded = arrayOf(plan.metricSlots.length + derived.length, (c) => (c < plan.metricSlots.length ? out[plan.metricSlots[c]] : derived[c - plan.metricSlots.length]));
  const stride = banded.length * BAND_STATS.length;
  const bands = new Float64Array(whole ? (p1 - p0) * stride : 0);
  // per point and metric: 1 where its rows are one value, written to the point's first row alone
  const constant = new Uint8Array((p1 - p0) * out.length);
  const read = metricRowsRead(plan, withColumns || !whole);
  for (let g0 = p0; g0 < p1; g0 += groupPoints) {
    const g1 = Math.min(p1, g0 + groupPoints);
    const at = reused ? 0 : (g0 - p0) * n;
    const inGroup = (col: Float64Array) => col.subarray(at, at + (g1 - g0) * n);
    const groupDraws = arrayOf(draws.length, (j) => inGroup(draws[j]));
    groupDraws.forEach((col, j) => fillDraws(plan, j, g0, g1, col, cache, s0, s1));
    // the order of each Latin hypercube column just drawn, for the bands of the columns that rise or fall with it
    offerOrders(cache.takeDrawnOrders());
    const groupOut = arrayOf(out.length, (m) => inGroup(out[m]));
    if (!runner.writesEveryRow) for (const col of groupOut) col.fill(0); // as if new (see column)
    const groupConstant = constant.subarray((g0 - p0) * out.length, (g1 - p0) * out.length);
    runner.run(g0, g1, groupDraws, groupOut, s0, groupConstant);
    fillConstantRows(groupOut, groupConstant, g0, g1, read);
    const groupDerived = arrayOf(derived.length, (d) => inGroup(derived[d]));
    plan.derived.forEach((d, i) => computeDerived(plan, d, g0, g1, groupOut, s0, groupDerived[i]));
    if (!whole) continue;
    const groupBanded = arrayOf(banded.length, (c) => inGroup(banded[c]));
    const groupBands = bands.subarray((g0 - p0) * stride, (g1 - p0) * stride);
    pointBands(plan, g0, g1, groupBanded, groupBands, { marks: groupConstant, out: groupOut });
    // A NaN or ±Infinity among a point's values makes its mean or sd one too, so finite bands
    // spare a pass over every value; otherwise that pass names the value (if the sums merely
    // overflowed, it finds none and the run goes on). It reads every row: constant metrics' too.
    if (!allFinite(groupBands)) {
      fillConstantRows(groupOut, groupConstant, g0, g1, out.map(() => true));
      requireFinite(plan, bandedColumns(plan), groupBanded, g0, n, s0);
    }
  }
  const columns = withColumns ? [...draws, ...banded] : null;
  if (!whole) {
    requireFinite(plan, bandedColumns(plan), banded, p0, n, s0);
    return { p0, p1, s0, s1, bands, indices: new Float64Array(0), columns: columns ?? banded };
  }
  const indices = pointIndices(plan, p0, p1, banded);
  // kept for the next chunk only at chunk sizes (a whole sweep evaluated in one call keeps nothing but reused group buffers)
  if (columns === null && rows <= SPARE_MAX_ROWS) spare = [...draws, ...out, ...derived];
  return { p0, p1, s0, s1, bands, indices, columns };
}

function allFinite(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] - values[i] !== 0) return false;
  return true;
}

/** Per metric of the evaluator: whether it is constant at each point (ChunkRunner.run's marks), and the columns holding its first rows. */
interface ConstantMetrics {
  marks: Uint8Array;
  out: readonly Float64Array[];
}

/** A reported metric that is a quotient (Evaluator.quotients): its numerator's metric index, its denominator's banded column. */
interface Quotient {
  numerator: number;
  denominator: number;
}

const quotientsOf = new WeakMap<Plan, Array<Quotient | null>>();

/** Per banded metric column, its quotient when the evaluator declares one whose denominator is banded before it; else null. */
function bandedQuotients(plan: Plan): Array<Quotient | null> {
  let found = quotientsOf.get(plan);
  if (found === undefined) {
    const names = Object.keys(plan.evaluator.metrics);
    found = plan.metrics.map((m, c) => {
      const q = plan.evaluator.quotients?.[m];
      const numerator = q === undefined ? -1 : names.indexOf(q[0]);
      const denominator = q === undefined ? -1 : plan.metrics.indexOf(q[1]);
      return numerator < 0 || denominator < 0 || denominator >= c ? null : { numerator, denominator };
    });
    quotientsOf.set(plan, found);
  }
  return found;
}

/**
 * Bands of points [p0, p1) from banded columns holding all their samples, point-major, into
 * `bands` (default: a new array). `constant` (see ChunkRunner.run, after fillConstantRows)
 * marks metrics whose rows are one finite value, held in the point's first row: mean and
 * quantiles that value, sd 0, as bandStats gives for such a column. A quotient whose numerator
 * is such a value (> 0) over a denominator of one sign falls as the denominator rises (each
 * division rounds monotonically): its quantiles are read along the order the denominator's
 * were, reversed, with no order of its own to find or check.
 */
export function pointBands(plan: Plan, p0: number, p1: number, banded: readonly Float64Array[],
  bands = new Float64Array((p1 - p0) * banded.length * BAND_STATS.length), constant?: ConstantMetrics): Float64Array {
  const S = plan.samples;
  const W = BAND_STATS.length;
  const stride = banded.length * W;
  const metrics = banded.length - plan.derived.length;
  const M = constant === undefined ? 0 : constant.out.length;
  const quotients = bandedQuotients(plan);
  // per banded column at the point at hand, the order its quantiles were read along
  const read = arrayOf<SampleOrder | null>(banded.length, () => null);
  for (let p = p0; p < p1; p++) {
    for (let c = 0; c < banded.length; c++) {
      const at = (p - p0) * stride + c * W;
      read[c] = null;
      if (c < metrics && constant !== undefined && constant.marks[(p - p0) * M + plan.metricSlots[c]] === 1) {
        constantBands(banded[c][(p - p0) * S], bands, at);
        continue;
      }
      // a derived column is its group's: the same samples, so the same bands, as at the group's first point
      if (c >= metrics && copiedFromGroupFirst(plan, plan.derived[c - metrics], p, p0, bands, stride, c * W, W)) continue;
      const q = c < metrics ? quotients[c] : null;
      let along: SampleOrder | null = null;
      if (q !== null && constant !== undefined && constant.marks[(p - p0) * M + q.numerator] === 1) {
        const numerator = constant.out[q.numerator][(p - p0) * S];
        const denominator = read[q.denominator];
        // a marked value is finite (fillConstantRows); an order is read only along values of one
        // sign (orderEligible), on which c / x falls as x rises
        if (numerator > 0 && denominator !== null) along = { order: denominator.order, dir: -denominator.dir };
      }
      // hint: the column at this place in a block, whose samples likely keep their order from block to block
      read[c] = bandStats(banded[c].subarray((p - p0) * S, (p - p0 + 1) * S), bands, at, c * plan.blockPoints + ((p - p0) % plan.blockPoints), along);
    }
  }
  return bands;
}
