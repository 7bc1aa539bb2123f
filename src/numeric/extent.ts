// Smallest and largest of a list by a loop: Math.min(...values) passes every value as a
// call argument and overflows the stack near 100k values (a long measurement file).

export function minOf(values: ArrayLike<number>): number {
  let m = Infinity;
  for (let i = 0; i < values.length; i++) m = Math.min(m, values[i]);
  return m;
}

export function maxOf(values: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) m = Math.max(m, values[i]);
  return m;
}
