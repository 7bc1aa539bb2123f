// The k-th smallest of a list by selection (Hoare's FIND): partition around a median-of-three
// pivot and keep only the side that holds position k. O(n) on average, where a full sort is
// O(n log n), and it returns what the ascending sort holds at position k (but for the sign of
// a zero: -0 and +0 compare equal here, where the sort puts -0 first).

/** The k-th smallest (0-based) of `values`, which must hold no NaN; reorders `values`. */
export function selectInPlace(values: Float64Array, k: number): number {
  if (!(Number.isInteger(k) && k >= 0 && k < values.length)) throw new RangeError(`position ${k} is outside 0..${values.length - 1}`);
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const a = values[lo];
    const b = values[mid];
    const c = values[hi];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    // afterwards [lo, j] <= pivot, [i, hi] >= pivot, and anything between equals the pivot
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i++] = values[j];
        values[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k];
  }
  return values[k];
}
