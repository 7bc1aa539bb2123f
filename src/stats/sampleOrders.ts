// Sample orders reused across columns. In a sweep the same draws feed point after point, and an
// output that rises or falls with them (the power with its scale, tokens per watt against it)
// has the same ascending order of samples at every point. One column's order, found once, is
// then checked against the next column in one pass: if the column is monotone along it, its
// k-th smallest value is read directly. The check is the proof, so the statistics are exactly
// those of a sort whatever order is tried; a column no kept order fits is left to the caller.
// Orders come from earlier columns, built by a sort, or are offered by the Latin hypercube
// columns just drawn (offerOrders). (A quotient with one numerator is read along its
// denominator's order with no check of its own: division rounds monotonically; see pointBands
// in execute/chunk.ts.)

/** Orders kept, most recently used first: a few streams of draws (one per GPU, say) at a time. */
const SLOTS = 4;
/** Below this many samples a selection is cheap anyway; above it orders would cost much memory. */
const MIN_SAMPLES = 32;
const MAX_SAMPLES = 1 << 20;
/** An order is built by bucketing; a bucket this full means skewed values, which are left alone. */
const MAX_BUCKET = 64;
/** Misses skipped at most after orders nobody reused (columns of independent draws, say). */
const MAX_BACKOFF = 64;

interface Kept {
  order: Int32Array;
  /** columns read through it beside the one it was built from (an offered order: the first it fitted counts, so dropped unread it cost no build) */
  hits: number;
  /** the order with each direction, as reads return it */
  rising: SampleOrder;
  falling: SampleOrder;
}

let kept: Kept[] = [];
/** orders offered (offerOrders) and not yet found to fit a column: tried after the kept ones miss, before a build */
let offered: Int32Array[] = [];
let keptLength = -1;
/** per caller's hint (a column's place in a block of points), the order that last fitted it */
const byHint = new Map<number, Kept>();
/** misses still to let go by without building an order, and the next such pause */
let skip = 0;
let backoff = 0;

/** 1 if values never fall along `order`, -1 if they never rise, 0 otherwise (no NaN in values). */
function direction(values: Float64Array, order: Int32Array): number {
  let rises = false;
  let falls = false;
  let prev = values[order[0]];
  // both comparisons every step (not else-if): code compiled while this loop runs has then
  // seen both, and is not thrown away at the first column that falls
  for (let k = 1; k < order.length; k++) {
    const v = values[order[k]];
    if (v > prev) rises = true;
    if (v < prev) falls = true;
    if (rises && falls) return 0;
    prev = v;
  }
  return falls ? -1 : 1;
}

/** Scratch of buildOrder, grown as needed: each value's bucket, and the values in bucket order. */
let bucketOfValue = new Int32Array(0);
let sortedValues = new Float64Array(0);

/**
 * The ascending order of finite values in [min, max], min < max: indices counted into about
 * n / 2 equal-width buckets (a monotone map), placed bucket by bucket beside a copy of their
 * values, then one insertion sort over that copy (a value moves only within its bucket); null
 * when a bucket overflows MAX_BUCKET (skewed values would make that quadratic). Each loop is a
 * function of its own (see docs/architecture.md, "Hot loops").
 */
function buildOrder(values: Float64Array, min: number, max: number): Int32Array | null {
  const n = values.length;
  const buckets = 1 << Math.max(1, Math.ceil(Math.log2(n / 2)));
  const scale = buckets / (max - min);
  if (!(scale > 0 && scale < Infinity)) return null;
  if (bucketOfValue.length < n) {
    bucketOfValue = new Int32Array(n);
    sortedValues = new Float64Array(n);
  }
  const ends = new Int32Array(buckets);
  countBuckets(values, min, scale, bucketOfValue, ends);
  if (!bucketEnds(ends)) return null;
  const order = new Int32Array(n);
  placeByBucket(values, bucketOfValue, ends, order, sortedValues);
  insertionSort(sortedValues, order, n);
  return order;
}

/** Each value's bucket (its offset from min times scale), and how many values each bucket holds. */
function countBuckets(values: Float64Array, min: number, scale: number, bucketOf: Int32Array, counts: Int32Array): void {
  const buckets = counts.length;
  for (let i = 0; i < values.length; i++) {
    const b = ((values[i] - min) * scale) | 0;
    const bucket = b < buckets ? b : buckets - 1;
    bucketOf[i] = bucket;
    counts[bucket]++;
  }
}

/** Bucket counts into where each bucket ends (running sums); false if one holds more than MAX_BUCKET. */
function bucketEnds(ends: Int32Array): boolean {
  let end = 0;
  for (let b = 0; b < ends.length; b++) {
    if (ends[b] > MAX_BUCKET) return false;
    end += ends[b];
    ends[b] = end;
  }
  return true;
}

/** Indices bucket by bucket into `order` (each bucket filled from its end), their values beside them in `keys`. */
function placeByBucket(values: Float64Array, bucketOf: Int32Array, ends: Int32Array, order: Int32Array, keys: Float64Array): void {
  for (let i = values.length - 1; i >= 0; i--) {
    const at = --ends[bucketOf[i]];
    order[at] = i;
    keys[at] = values[i];
  }
}

/** Sorts keys[0, n) ascending, moving order's entries with them (values move only within their bucket). */
function insertionSort(keys: Float64Array, order: Int32Array, n: number): void {
  for (let k = 1; k < n; k++) {
    const v = keys[k];
    if (keys[k - 1] <= v) continue;
    const idx = order[k];
    let j = k - 1;
    for (; j >= 0 && keys[j] > v; j--) {
      keys[j + 1] = keys[j];
      order[j + 1] = order[j];
    }
    keys[j + 1] = v;
    order[j + 1] = idx;
  }
}

/** A build that bought nothing (a built order dropped unread, or none built): the next builds wait longer. */
function waitLonger(): void {
  backoff = Math.min(MAX_BACKOFF, 2 * backoff || 1);
  skip = backoff;
}

/** Keeps `order` first; an order dropped unread makes building the next ones wait longer. */
function keep(order: Int32Array, hits = 0): void {
  kept.unshift({ order, hits, rising: { order, dir: 1 }, falling: { order, dir: -1 } });
  if (kept.length <= SLOTS) return;
  const dropped = kept.pop()!;
  for (const [hint, k] of byHint) if (k === dropped) byHint.delete(hint); // no order outlives its slot
  if (dropped.hits === 0) waitLonger();
}

/** Starts over for columns of n values: the orders kept and offered are of another length. */
function keepFor(n: number): void {
  if (n === keptLength) return;
  kept = [];
  offered = [];
  byHint.clear();
  keptLength = n;
  skip = backoff = 0;
}

/**
 * Offers ascending orders of samples known without a sort (Latin hypercube columns', from their
 * strata) for the columns to come, in place of the orders offered before: a column the kept
 * orders miss is checked against them before an order is built, and one that fits is kept.
 * Being checked, they may be any permutations of the samples. No offers: the earlier stay.
 * New draws make the hints' guesses stale (they fitted columns of the draws before): a guess is
 * checked in the summing pass, which a wrong one lengthens by a whole gather, so they go.
 */
export function offerOrders(orders: readonly Int32Array[]): void {
  if (orders.length === 0 || !ordersKept(orders[0].length)) return;
  keepFor(orders[0].length);
  offered = [...orders];
  byHint.clear();
}

/** Whether sample orders are kept for columns of n values. */
export function ordersKept(n: number): boolean {
  return n >= MIN_SAMPLES && n <= MAX_SAMPLES;
}

/** Whether orders may stand for a sort of n values in [min, max]: zero outside (-0 and +0 never tie), a finite spread. */
export function orderEligible(n: number, min: number, max: number): boolean {
  return ordersKept(n) && (min > 0 || max < 0) && max - min < Infinity;
}

/** The order that last fitted a column with this hint, to be checked alongside another pass; null if none. */
export function guessedOrder(hint: number, n: number): Int32Array | null {
  return n === keptLength ? byHint.get(hint)?.order ?? null : null;
}

/** A sample order and a direction along it: values rise along `order` (dir 1) or fall (-1). */
export interface SampleOrder {
  order: Int32Array;
  dir: number;
}

/** Reads the ks-th smallest values along `order` (ascending if dir > 0, else descending). */
export function readAlong(values: Float64Array, order: Int32Array, dir: number, ks: readonly number[], stat: Float64Array): void {
  const n = values.length;
  for (let k = 0; k < ks.length; k++) stat[k] = values[order[dir > 0 ? ks[k] : n - 1 - ks[k]]];
}

/** A kept order that fitted a column: counted as read, and first in line (most recently used). */
function use(found: Kept): void {
  if (found.hits++ === 0) backoff = 0;
  const at = kept.indexOf(found);
  if (at > 0) {
    kept.splice(at, 1);
    kept.unshift(found);
  }
}

/** The guessed order for `hint` was checked to fit `values` (dir as for readAlong): reads the statistics through it, and returns it. */
export function readGuessed(values: Float64Array, hint: number, dir: number, ks: readonly number[], stat: Float64Array): SampleOrder {
  const found = byHint.get(hint)!;
  use(found);
  readAlong(values, found.order, dir, ks, stat);
  return dir > 0 ? found.rising : found.falling;
}

/**
 * Writes the ks[i]-th smallest of `values` (ks ascending; no NaN; min < max) to stat[i] and
 * returns the order and direction read when orderEligible and a kept order, an offered one
 * (offerOrders) or one built now fits the column; else returns null and writes nothing. `hint` remembers the fitting order
 * for guessedOrder.
 */
export function orderStatisticsByKeptOrder(values: Float64Array, min: number, max: number, ks: readonly number[], stat: Float64Array,
  hint?: number): SampleOrder | null {
  const n = values.length;
  if (!orderEligible(n, min, max)) return null;
  keepFor(n);
  let at = 0;
  let dir = 0;
  for (; at < kept.length; at++) if ((dir = direction(values, kept[at].order)) !== 0) break;
  if (dir !== 0) use(kept[at]);
  else if ((at = offered.findIndex((order) => (dir = direction(values, order)) !== 0)) >= 0) {
    // an offered order fits: kept from here on, read once already (dropped unread it cost no build)
    keep(offered.splice(at, 1)[0], 1);
  } else {
    if (skip > 0) {
      skip--;
      return null;
    }
    const order = buildOrder(values, min, max);
    if (order === null) {
      waitLonger(); // skewed values: the columns after it are likely skewed too
      return null;
    }
    dir = 1; // built from this column: its ascending order
    keep(order);
  }
  if (hint !== undefined) byHint.set(hint, kept[0]);
  readAlong(values, kept[0].order, dir, ks, stat);
  return dir > 0 ? kept[0].rising : kept[0].falling;
}
