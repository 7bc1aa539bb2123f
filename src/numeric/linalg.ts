/** Small dense symmetric systems: the normal equations of fits with a handful of parameters. */

/** Row-major n×n matrix as an array of rows. */
export type Matrix = number[][];

/**
 * Cholesky factor L (lower, A = L Lᵀ) of a symmetric matrix, or undefined when A is not
 * positive definite to working precision (a parameter the data do not determine).
 */
export function cholesky(a: Matrix): Matrix | undefined {
  const n = a.length;
  const l: Matrix = a.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      if (i === j) {
        // Relative pivot test: a pivot lost to rounding means a rank-deficient system.
        if (!(s > 1e-13 * Math.abs(a[i][i]))) return undefined;
        l[i][i] = Math.sqrt(s);
      } else {
        l[i][j] = s / l[j][j];
      }
    }
  }
  return l;
}

/** Solves L Lᵀ x = b. */
export function choleskySolve(l: Matrix, b: readonly number[]): number[] {
  const n = l.length;
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i][k] * y[k];
    y[i] = s / l[i][i];
  }
  const x = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k][i] * x[k];
    x[i] = s / l[i][i];
  }
  return x;
}

/** A⁻¹ from its Cholesky factor, column by column. */
export function choleskyInverse(l: Matrix): Matrix {
  const n = l.length;
  const cols = Array.from({ length: n }, (_, j) => choleskySolve(l, Array.from({ length: n }, (_, i) => (i === j ? 1 : 0))));
  return cols.map((_, i) => cols.map((c) => c[i]));
}

/** JᵀWJ and JᵀW r for Jacobian rows `jac`, weights `w` and residuals `r`. */
export function normalEquations(jac: readonly number[][], w: ArrayLike<number>, r: ArrayLike<number>): { a: Matrix; g: number[] } {
  const p = jac[0].length;
  const a: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const g = new Array<number>(p).fill(0);
  jac.forEach((row, i) => {
    for (let j = 0; j < p; j++) {
      g[j] += row[j] * w[i] * r[i];
      for (let k = 0; k <= j; k++) a[j][k] += row[j] * w[i] * row[k];
    }
  });
  for (let j = 0; j < p; j++) for (let k = j + 1; k < p; k++) a[j][k] = a[k][j];
  return { a, g };
}
