// The power curve from a context sweep's own power column: no power-vs-batch file. The
// sweep's concurrencies are all high (the server runs as many sequences as it admits), so
// the idle plateau is usually out of reach: when the four-parameter fit leaves P_idle
// undetermined, P_idle is pinned (to the base profile's, or a given value) and the other
// three are fitted, and the report says so.
import { InputError } from "../errors.ts";
import type { LogisticPower } from "../model/index.ts";
import { inverseNormalMatrix, levenbergMarquardt, residualVariance, type LsqProblem } from "./levenbergMarquardt.ts";
import { fitPowerCurve, logisticWithGradient, type PowerPoint } from "./powerFit.ts";
import type { FittedParam } from "./types.ts";
import { maxOf, minOf } from "../numeric/extent.ts";

/** P_idle counts as determined when its standard error is below this fraction of it. */
export const IDLE_DETERMINED = 0.25;

export interface SweepPowerFit {
  power: LogisticPower;
  /** P_idle, P_nom, k, x0; a pinned P_idle has stderr 0 and `fixed` */
  params: FittedParam[];
  /** relative scatter of the power about the curve */
  sigma: number;
  /** why P_idle was pinned, when it was */
  pinned?: string;
  points: Array<PowerPoint & { model: number; relResidual: number }>;
}

const NAMES: Array<[string, string]> = [["P_idle", "W"], ["P_nom", "W"], ["k", "1/doubling"], ["x0", "log2(batch)"]];

function withResiduals(points: readonly PowerPoint[], model: readonly number[]): SweepPowerFit["points"] {
  return points.map((p, i) => ({ ...p, model: model[i], relResidual: (p.watts - model[i]) / model[i] }));
}

/** P_nom, k and x0 with P_idle held at `pIdle`, weights 1/P² (relative noise). */
function fitWithIdle(points: readonly PowerPoint[], pIdle: number, source: string): { theta: number[]; se: number[]; sigma: number } {
  const us = points.map((p) => Math.log2(Math.max(1, p.batch)));
  const watts = points.map((p) => p.watts);
  const full = (t: readonly number[]) => [pIdle, ...t];
  const problem: LsqProblem = {
    y: watts,
    model: (t) => us.map((u) => logisticWithGradient(full(t), u).f),
    jacobian: (t) => us.map((u) => logisticWithGradient(full(t), u).grad.slice(1)),
    admissible: ([pNom, k]) => pNom > pIdle && k > 0,
  };
  const top = maxOf(watts);
  let theta = [Math.max(top * 1.02, pIdle * 1.01), 1, minOf(us)];
  let w = watts.map((p) => 1 / (p * p));
  for (let pass = 0; pass < 2; pass++) {
    const sol = levenbergMarquardt(problem, theta, w);
    if (!sol.converged) throw new InputError(`${source}: the power fit with P_idle = ${pIdle} W did not converge`);
    theta = sol.theta;
    w = problem.model(theta).map((f) => 1 / (f * f));
  }
  const r = problem.model(theta).map((f, i) => watts[i] - f);
  const sigma2 = residualVariance(w, r, 3);
  const inv = inverseNormalMatrix(problem.jacobian(theta), w);
  const se = theta.map((_, j) => (inv ? Math.sqrt(inv[j][j] * sigma2) : NaN));
  return { theta, se, sigma: Math.sqrt(sigma2) };
}

/**
 * The four-parameter robust fit of `fitPowerCurve` when it determines P_idle (standard error
 * below IDLE_DETERMINED of the value); otherwise P_idle pinned to `idle` (with its reason).
 */
export function fitSweepPower(points: readonly PowerPoint[], idle: { watts: number; from: string } | undefined,
  source = "throughput"): SweepPowerFit {
  let why: string;
  try {
    const fit = fitPowerCurve(points, "relative", source);
    const p = fit.params[0];
    if (p.value > 0 && p.stderr < IDLE_DETERMINED * p.value) {
      return {
        power: fit.power, params: fit.params, sigma: fit.sigma,
        points: withResiduals(points, fit.points.map((q) => q.model)),
      };
    }
    why = `the sweep does not determine P_idle (${p.value.toPrecision(3)} ± ${p.stderr.toPrecision(3)} W; `
      + `lowest concurrency ${minOf(points.map((q) => q.batch))})`;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    why = `the four-parameter fit fails (${err.message.replace(`${source}: `, "")})`;
  }
  if (!idle) throw new InputError(`${source}: ${why}; give --p-idle WATTS or --base NAME|FILE to pin it, or a --power file`);
  const { theta, se, sigma } = fitWithIdle(points, idle.watts, source);
  const power: LogisticPower = { kind: "logistic", pIdle: idle.watts, pNom: theta[0], k: theta[1], x0: theta[2] };
  const curve = points.map((q) => logisticWithGradient([power.pIdle, ...theta], Math.log2(Math.max(1, q.batch))).f);
  return {
    power,
    params: NAMES.map(([name, unit], j) => (j === 0 ? { name, unit, value: idle.watts, stderr: 0, fixed: true }
      : { name, unit, value: theta[j - 1], stderr: se[j - 1] })),
    sigma,
    pinned: `${why}: P_idle pinned at ${idle.watts} W (${idle.from})`,
    points: withResiduals(points, curve),
  };
}
