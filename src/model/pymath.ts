// The reference planner is Python; these reproduce its integer and float floor semantics
// so that slot counts and KV blocks match it exactly, not just approximately.

/** Python's `a // b` for floats (CPython float_floor_div). */
export function floorDiv(a: number, b: number): number {
  let mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) {
    mod += b;
    div -= 1;
  }
  if (div === 0) return 0;
  let floored = Math.floor(div);
  if (div - floored > 0.5) floored += 1;
  return floored;
}

/** Python's `int(x)`: truncation toward zero. */
export const int = Math.trunc;

/** Python's `math.ceil` of a quotient of non-negative numbers. */
export function ceilDiv(a: number, b: number): number {
  return Math.ceil(a / b);
}
