// The distributions an uncertain parameter can take, as plain data (so a definition can be
// hashed and sent to workers), with validation and the inverse CDF that turns a uniform
// draw into a value. Inverse CDFs (rather than rejection or Box-Muller) keep one uniform
// per value, which is what Latin hypercube stratification needs.
import { badInput } from "../errors.ts";

export type Distribution =
  | { kind: "uniform"; min: number; max: number }
  | { kind: "normal"; mean: number; sd: number }
  | { kind: "triangular"; min: number; mode: number; max: number }
  | { kind: "logUniform"; min: number; max: number }
  | { kind: "fixed"; value: number };

export const uniform = (min: number, max: number): Distribution => ({ kind: "uniform", min, max });
export const normal = (mean: number, sd: number): Distribution => ({ kind: "normal", mean, sd });
export const triangular = (min: number, mode: number, max: number): Distribution => ({ kind: "triangular", min, mode, max });
export const logUniform = (min: number, max: number): Distribution => ({ kind: "logUniform", min, max });
export const fixed = (value: number): Distribution => ({ kind: "fixed", value });

/** `plusMinus(0.15)`: uniform on [0.85, 1.15], a relative error band around a scale of 1. */
export const plusMinus = (fraction: number): Distribution => uniform(1 - fraction, 1 + fraction);

const FIELDS: Record<Distribution["kind"], string[]> = {
  uniform: ["min", "max"],
  normal: ["mean", "sd"],
  triangular: ["min", "mode", "max"],
  logUniform: ["min", "max"],
  fixed: ["value"],
};

/** Checks a distribution given by a user; `where` names it in the error (e.g. `uncertain.power.dist`). */
export function checkDistribution(d: unknown, where: string): Distribution {
  if (typeof d !== "object" || d === null || !((d as { kind?: string }).kind! in FIELDS)) {
    badInput(where, "kind", (d as { kind?: unknown } | null)?.kind,
      `not a distribution; use one of ${Object.keys(FIELDS).join(", ")}`);
  }
  const dist = d as Distribution & Record<string, unknown>;
  for (const f of FIELDS[dist.kind]) {
    if (typeof dist[f] !== "number" || !Number.isFinite(dist[f])) badInput(where, f, dist[f], "must be a finite number");
  }
  const lowHigh = (lo: number, hi: number) => {
    if (lo > hi) badInput(where, "min", lo, `greater than max (${hi})`);
  };
  if (dist.kind === "uniform") lowHigh(dist.min, dist.max);
  if (dist.kind === "logUniform") {
    lowHigh(dist.min, dist.max);
    if (dist.min <= 0) badInput(where, "min", dist.min, "a log-uniform range must be positive");
  }
  if (dist.kind === "triangular") {
    lowHigh(dist.min, dist.max);
    if (dist.mode < dist.min || dist.mode > dist.max) badInput(where, "mode", dist.mode, `outside [${dist.min}, ${dist.max}]`);
  }
  if (dist.kind === "normal" && dist.sd < 0) badInput(where, "sd", dist.sd, "must not be negative");
  return dist;
}

/**
 * quantileOf(d, u) for every u of `values`, in place: the same numbers, with the distribution's
 * kind looked at once per column rather than per value (a column is a draw of 10^4 samples and more).
 */
export function quantilesOf(d: Distribution, values: Float64Array): void {
  if (d.kind === "uniform") {
    const { min } = d;
    const span = d.max - d.min;
    for (let i = 0; i < values.length; i++) values[i] = min + span * values[i];
  } else if (d.kind === "logUniform") {
    const { min } = d;
    const logRatio = Math.log(d.max / d.min);
    for (let i = 0; i < values.length; i++) values[i] = min * Math.exp(logRatio * values[i]);
  } else {
    for (let i = 0; i < values.length; i++) values[i] = quantileOf(d, values[i]);
  }
}

/** The value at cumulative probability u in (0, 1). */
export function quantileOf(d: Distribution, u: number): number {
  switch (d.kind) {
    case "uniform":
      return d.min + (d.max - d.min) * u;
    case "normal":
      return d.mean + d.sd * normalQuantile(u);
    case "logUniform":
      return d.min * Math.exp(Math.log(d.max / d.min) * u);
    case "triangular": {
      const span = d.max - d.min;
      if (span === 0) return d.min;
      const split = (d.mode - d.min) / span;
      return u < split
        ? d.min + Math.sqrt(u * span * (d.mode - d.min))
        : d.max - Math.sqrt((1 - u) * span * (d.max - d.mode));
    }
    case "fixed":
      return d.value;
  }
}

// Standard normal inverse CDF: Acklam's rational approximation as a start, then one Halley
// step against an accurate CDF, which brings it to about machine precision.
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549671010615426, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

export function normalQuantile(u: number): number {
  const x = acklam(u);
  const t = (normalCdf(x) - u) * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - t / (1 + (x * t) / 2);
}

/** Phi(x) from erfc: a power series near zero, a continued fraction (Lentz) in the tails. */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  let erfc: number;
  if (z < 2.5) {
    let term = z;
    let sum = z;
    for (let n = 1; n < 100 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= (-z * z) / n;
      sum += term / (2 * n + 1);
    }
    erfc = 1 - (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    // erfc(z) = exp(-z^2)/sqrt(pi) / (z + (1/2)/(z + 1/(z + (3/2)/(z + ...))))
    const tiny = 1e-300;
    let f = z;
    let c = z;
    let d = 0;
    for (let n = 1; n < 200; n++) {
      const a = n / 2;
      d = z + a * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = z + a / c;
      const delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) break;
    }
    erfc = Math.exp(-z * z) / Math.sqrt(Math.PI) / f;
  }
  return x < 0 ? erfc / 2 : 1 - erfc / 2;
}

function acklam(u: number): number {
  if (u < P_LOW || u > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log(u < P_LOW ? u : 1 - u));
    const x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    return u < P_LOW ? x : -x;
  }
  const q = u - 0.5;
  const r = q * q;
  return ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}
