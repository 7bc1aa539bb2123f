// Draws of the uncertain parameters: value of perturbation j at (point, sample), a pure
// function of (seed, j, stream, sample) — the stream being shared, per GPU or per point, and
// with a replicates(...) dimension also per replicate.
// A stream's S values are drawn as one column and reused by every point on that stream; a
// per-point stream's values go straight into the chunk (see drawnInPlace).
import { quantilesOf } from "../definition/index.ts";
import { applies, coord, gpuStream, type Plan } from "../plan/index.ts";
import { designColumn } from "./designColumns.ts";
import { hash5, hashPrefix, seedWords, uniformOfPrefix } from "./rng.ts";

/** Tags that keep the generator's uses apart: Monte Carlo values, LHS jitter, LHS permutation. */
const JITTER = 0x40000000;
const PERMUTATION = 0x20000000;

/** Sets a replicate's shared and per-GPU streams apart from those of a sweep without replicates (a per-point stream is its point's own). */
const REPLICATE = 0x72657073;

/** Random stream of perturbation j at point p (see Vary); a point of replicate r draws from stream (s, r). */
export function streamOf(plan: Plan, j: number, p: number): number {
  const vary = plan.perturbations[j].vary;
  if (vary === "perPoint") return p + 1; // every point, so every replicate, has its own
  const g = vary === "shared" ? -1 : plan.dims.findIndex((x) => x.kind === "profile" || x.kind === "gpu");
  const stream = g < 0 ? 0 : gpuStream(String(plan.dims[g].values[coord(plan, p, g)]));
  const r = plan.dims.findIndex((x) => x.kind === "replicate");
  return r < 0 ? stream : hash5(REPLICATE, stream, plan.dims[r].values[coord(plan, p, r)] as number, 0, 0);
}

/**
 * The uniforms behind samples 0..S-1 of perturbation j on `stream`, keyed by its name. Monte Carlo: independent
 * hashes. Latin hypercube: sample s falls in stratum pi(s) of S equal strata, pi a
 * Fisher-Yates shuffle driven by the same keyed generator, jittered inside its stratum; with
 * `order`, also their ascending order (the sample in stratum k is the k-th smallest), and
 * returns true. Sobol and Morris: the design's column of the input that (j, stream) is.
 */
export function uniformColumn(plan: Plan, j: number, stream: number, out: Float64Array, order?: Int32Array): boolean {
  if (plan.design !== null) {
    out.set(designColumn(plan, j, stream));
    return false;
  }
  const S = plan.samples;
  if (plan.method === "monteCarlo") {
    monteCarloUniforms(plan, j, stream, 0, S, out);
    return false;
  }
  const [seedLo, seedHi] = seedWords(plan.seed);
  const key = plan.perturbations[j].key;
  const strata = shuffledStrata(S, hashPrefix(seedLo, seedHi, key | PERMUTATION, stream));
  jitterInto(out, strata, hashPrefix(seedLo, seedHi, key | JITTER, stream));
  if (order !== undefined) inverseInto(order, strata);
  return order !== undefined;
}

// The Latin hypercube's loops, each a function of its own: the optimizing compiler takes a
// loop alone as soon as it is hot, rather than the whole of uniformColumn before its later
// loops have run (see docs/architecture.md, "Hot loops").

/** shuffledStrata's array, read by the caller before the next call: one per length, not one per column drawn */
let strataScratch = new Int32Array(0);

/** 0..S-1 shuffled (Fisher-Yates) by the uniforms of `permutation` (a hashPrefix). */
function shuffledStrata(S: number, permutation: number): Int32Array {
  if (strataScratch.length !== S) strataScratch = new Int32Array(S);
  const strata = strataScratch;
  for (let s = 0; s < S; s++) strata[s] = s;
  for (let s = S - 1; s > 0; s--) {
    const t = Math.floor(uniformOfPrefix(permutation, s) * (s + 1));
    const tmp = strata[s];
    strata[s] = strata[t];
    strata[t] = tmp;
  }
  return strata;
}

/** Sample s's uniform: its stratum plus the jitter of `jitter` (a hashPrefix), over S. */
function jitterInto(out: Float64Array, strata: Int32Array, jitter: number): void {
  const S = strata.length;
  for (let s = 0; s < S; s++) out[s] = (strata[s] + uniformOfPrefix(jitter, s)) / S;
}

/** order[k] = the sample in stratum k. */
function inverseInto(order: Int32Array, strata: Int32Array): void {
  for (let s = 0; s < strata.length; s++) order[strata[s]] = s;
}

/** Monte Carlo: the uniforms behind samples [s0, s1) of perturbation j on `stream`, into out[0, s1 - s0): each its own hash. */
function monteCarloUniforms(plan: Plan, j: number, stream: number, s0: number, s1: number, out: Float64Array): void {
  const [seedLo, seedHi] = seedWords(plan.seed);
  const values = hashPrefix(seedLo, seedHi, plan.perturbations[j].key, stream);
  for (let s = s0; s < s1; s++) out[s - s0] = uniformOfPrefix(values, s);
}

/**
 * Whether perturbation j's values on a point's stream are drawn straight into the chunk, not
 * through the cache: a per-point stream, which no other point reads, for all its samples, or
 * for a range of them under Monte Carlo (each sample its own hash). A Latin hypercube range
 * needs the stream's whole permutation, so that column is kept for the point's other ranges.
 */
function drawnInPlace(plan: Plan, j: number, partial: boolean): boolean {
  return plan.perturbations[j].vary === "perPoint" && (!partial || (plan.design === null && plan.method === "monteCarlo"));
}

/**
 * Perturbation j's values on `stream` for samples [s0, s1) into out[0, s1 - s0), the same as
 * the slice of its whole column; with `order`, the uniforms' ascending order where
 * uniformColumn gives it (returns whether it did).
 */
function drawInto(plan: Plan, j: number, stream: number, s0: number, s1: number, out: Float64Array, order?: Int32Array): boolean {
  let ordered = false;
  if (s1 - s0 < plan.samples) monteCarloUniforms(plan, j, stream, s0, s1, out); // only Monte Carlo draws a range alone (drawnInPlace)
  else ordered = uniformColumn(plan, j, stream, out, order);
  quantilesOf(plan.perturbations[j].dist, out);
  return ordered;
}

/**
 * The values a worker's DrawCache (forPlan) holds at most for `plan`: the streams it keeps
 * (shared and per GPU; per point too when chunks are sample ranges, `partial`, but for Monte
 * Carlo ones, drawn by range), S values each, up to its budget.
 */
export function drawCacheHeldMax(plan: Plan, partial: boolean): number {
  const budget = drawCacheValues(plan);
  const kept = new Set<string>();
  // stops at the budget: a grid may have millions of points
  for (let p = 0; p < plan.points && kept.size * plan.samples < budget; p++) {
    plan.perturbations.forEach((_, j) => {
      if (applies(plan, j, p) && !drawnInPlace(plan, j, partial)) kept.add(`${j}:${streamOf(plan, j, p)}`);
    });
  }
  return Math.min(budget, kept.size * plan.samples);
}

/** Values a DrawCache holds at least (64 MB). */
const DRAW_CACHE_VALUES = 8_000_000;

/**
 * The values a worker's DrawCache may hold for `plan` (DrawCache.forPlan; describe counts
 * them in a worker's memory): S for every stream of a block, whether or not a `where` applies
 * it there (the first block's, as every block has as many), at least DRAW_CACHE_VALUES.
 */
function drawCacheValues(plan: Plan): number {
  const streams = new Set<string>();
  for (let p = 0; p < Math.min(plan.blockPoints, plan.points); p++) {
    plan.perturbations.forEach((_, j) => streams.add(`${j}:${streamOf(plan, j, p)}`));
  }
  return Math.max(DRAW_CACHE_VALUES, streams.size * plan.samples);
}

/**
 * Draw columns kept across chunks (a worker sees the same shared or per-GPU streams in every
 * chunk), up to a budget of values, the least recently used making room for a new one (each
 * replicate of a replicates(...) sweep brings streams of its own). A per-point stream comes
 * here only as a Latin hypercube (or design) point cut into sample ranges, whose other ranges
 * come in other chunks (see drawnInPlace).
 */
export class DrawCache {
  /** in order of last use, oldest first */
  private readonly columns = new Map<string, Float64Array>();
  private heldValues = 0;
  /** the ascending sample orders of the columns drawn since takeDrawnOrders, where known without a sort */
  private drawnOrders: Int32Array[] = [];

  /** `recordOrders`: keep each Latin hypercube column's order for takeDrawnOrders */
  constructor(private readonly budget = DRAW_CACHE_VALUES, private readonly recordOrders = false) {}

  /**
   * A cache for `plan` that holds every stream one block of points draws from: a block cut
   * into sample ranges then draws each of its columns once per worker, not once per range
   * (with 3 streams of 3 M samples, a budget below 9 M values made every chunk draw all three
   * again). See drawCacheValues. `recordOrders` as for the constructor (a Latin hypercube's only: others have none to record).
   */
  static forPlan(plan: Plan, recordOrders = false): DrawCache {
    return new DrawCache(drawCacheValues(plan), recordOrders && plan.method === "latinHypercube" && plan.design === null);
  }

  /** The sample orders of the Latin hypercube columns drawn since the last call (recordOrders), oldest first. */
  takeDrawnOrders(): Int32Array[] {
    const orders = this.drawnOrders;
    this.drawnOrders = [];
    return orders;
  }

  /** Values held. */
  get held(): number {
    return this.heldValues;
  }

  /**
   * Perturbation j's column on `stream`, drawn or kept; `recordOrder`: its order too, if the
   * cache records them. The column holds these values until a later call draws: a column dropped
   * to make room lends its memory to the one drawn (each replicate's streams would otherwise
   * take fresh memory, and with it page faults and collections), so callers copy it at once.
   */
  get(plan: Plan, j: number, stream: number, recordOrder = true): Float64Array {
    const key = `${j}:${stream}`;
    let col = this.columns.get(key);
    if (col !== undefined) {
      this.columns.delete(key);
      this.columns.set(key, col);
      return col;
    }
    const S = plan.samples;
    // room first, so that a dropped column's memory takes the new draw
    let reuse: Float64Array | undefined;
    if (S <= this.budget) {
      for (const [oldest, kept] of this.columns) {
        if (this.heldValues + S <= this.budget) break;
        this.columns.delete(oldest);
        this.heldValues -= kept.length;
        if (kept.length === S) reuse = kept;
      }
    }
    col = reuse ?? new Float64Array(S);
    const order = this.recordOrders && recordOrder ? new Int32Array(S) : undefined;
    if (drawInto(plan, j, stream, 0, S, col, order)) this.drawnOrders.push(order!);
    if (S <= this.budget) {
      this.columns.set(key, col);
      this.heldValues += S;
    }
    return col;
  }
}

/**
 * Fills out[(p - p0) * (s1 - s0) + s - s0] with perturbation j's value, NaN where it does not
 * apply. A per-point stream is drawn straight into `out` where drawnInPlace says so (the same
 * values as the cached column's slice: quantilesOf maps value by value).
 */
export function fillDraws(plan: Plan, j: number, p0: number, p1: number, out: Float64Array, cache = new DrawCache(),
  s0 = 0, s1 = plan.samples): void {
  const n = s1 - s0;
  const partial = n < plan.samples;
  for (let p = p0; p < p1; p++) {
    const row = (p - p0) * n;
    if (!applies(plan, j, p)) {
      out.fill(NaN, row, row + n);
      continue;
    }
    const stream = streamOf(plan, j, p);
    if (drawnInPlace(plan, j, partial)) drawInto(plan, j, stream, s0, s1, out.subarray(row, row + n));
    else out.set(cache.get(plan, j, stream, !partial).subarray(s0, s1), row); // a range's chunk bands nothing: no order wanted
  }
}
