// Least squares of ln y on ln x: the exponent of a power law (alpha of tok/W ∝ ctx^-alpha).

export interface SlopeFit {
  slope: number;
  /** standard error of the slope (NaN with fewer than 3 points: no residual degrees of freedom) */
  stderr: number;
  /** standard deviation of the residuals of ln y about the line (NaN likewise) */
  residualSd: number;
  dof: number;
}

/** Ordinary least squares of ln y on ln x: the slope and its standard error. */
export function logLogFit(x: readonly number[], y: readonly number[]): SlopeFit {
  const n = x.length;
  const lx = x.map(Math.log);
  const ly = y.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / n;
  const my = ly.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (lx[i] - mx) ** 2;
    sxy += (lx[i] - mx) * (ly[i] - my);
  }
  const slope = sxy / sxx;
  const dof = n - 2;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (ly[i] - my - slope * (lx[i] - mx)) ** 2;
  const residualSd = dof > 0 ? Math.sqrt(rss / dof) : NaN;
  return { slope, stderr: residualSd / Math.sqrt(sxx), residualSd, dof };
}
