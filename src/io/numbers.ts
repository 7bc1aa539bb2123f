/** A number to `digits` significant digits, without trailing zeros or exponent noise. */
export function sig(v: number, digits = 5): string {
  if (!Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(digits)));
}
