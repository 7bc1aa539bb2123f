import { cholesky, choleskyInverse, choleskySolve, normalEquations, type Matrix } from "../numeric/linalg.ts";

/** A weighted least-squares problem: minimise Σ wᵢ (yᵢ - fᵢ(θ))². */
export interface LsqProblem {
  y: ArrayLike<number>;
  /** model values fᵢ(θ) */
  model(theta: readonly number[]): number[];
  /** rows ∂fᵢ/∂θⱼ */
  jacobian(theta: readonly number[]): number[][];
  /** false for parameters outside the model's domain (a step there is rejected) */
  admissible(theta: readonly number[]): boolean;
}

export interface LsqSolution {
  theta: number[];
  /** Σ wᵢ rᵢ² at theta */
  cost: number;
  iterations: number;
  converged: boolean;
}

function weightedCost(p: LsqProblem, theta: readonly number[], w: ArrayLike<number>): number {
  const f = p.model(theta);
  let s = 0;
  for (let i = 0; i < f.length; i++) s += w[i] * (p.y[i] - f[i]) ** 2;
  return s;
}

/**
 * Levenberg–Marquardt with Marquardt's diagonal scaling (so parameters in watts and in
 * log2 units are damped alike). A step that does not lower the cost, or leaves the
 * model's domain, is rejected and the damping raised tenfold; an accepted one lowers it.
 * Stops when the step or the relative cost decrease is at rounding level.
 */
export function levenbergMarquardt(p: LsqProblem, theta0: readonly number[], w: ArrayLike<number>,
  maxIterations = 500): LsqSolution {
  let theta = [...theta0];
  let cost = weightedCost(p, theta, w);
  let lambda = 1e-3;
  for (let it = 1; it <= maxIterations; it++) {
    const f = p.model(theta);
    const r = f.map((fi, i) => p.y[i] - fi);
    const { a, g } = normalEquations(p.jacobian(theta), w, r);
    let accepted = false;
    while (lambda < 1e16) {
      const damped: Matrix = a.map((row, j) => row.map((v, k) => (j === k ? v * (1 + lambda) : v)));
      const l = cholesky(damped);
      const step = l && choleskySolve(l, g);
      const trial = step?.map((d, j) => theta[j] + d);
      const trialCost = trial && p.admissible(trial) ? weightedCost(p, trial, w) : Infinity;
      if (step && trial && trialCost <= cost) {
        const small = step.every((d, j) => Math.abs(d) <= 1e-12 * (Math.abs(theta[j]) + 1e-12));
        const flat = cost - trialCost <= 1e-15 * cost;
        theta = trial;
        cost = trialCost;
        lambda = Math.max(lambda / 10, 1e-12);
        accepted = true;
        if (small || flat) return { theta, cost, iterations: it, converged: true };
        break;
      }
      lambda *= 10;
    }
    // No damping finds a downhill step: theta is a minimum to working precision.
    if (!accepted) return { theta, cost, iterations: it, converged: true };
  }
  return { theta, cost, iterations: maxIterations, converged: false };
}

/**
 * (JᵀWJ)⁻¹ at the optimum; times the residual variance it is the parameter covariance
 * sigma² (JᵀWJ)⁻¹. Undefined when JᵀWJ is singular: a parameter the data do not determine.
 */
export function inverseNormalMatrix(jac: readonly number[][], w: ArrayLike<number>): Matrix | undefined {
  const { a } = normalEquations(jac, w, new Float64Array(jac.length));
  const l = cholesky(a);
  return l && choleskyInverse(l);
}

/** Σ wᵢ rᵢ² / (m - p): the weighted residual variance with p fitted parameters. */
export function residualVariance(w: ArrayLike<number>, r: ArrayLike<number>, nParams: number): number {
  let ss = 0;
  for (let i = 0; i < r.length; i++) ss += w[i] * r[i] * r[i];
  return ss / (r.length - nParams);
}
