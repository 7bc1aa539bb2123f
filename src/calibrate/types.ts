/** A fitted parameter with its standard error (0 and `fixed` when the user supplied it). */
export interface FittedParam {
  name: string;
  unit: string;
  value: number;
  stderr: number;
  fixed?: boolean;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}
