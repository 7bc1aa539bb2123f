import { InputError } from "../errors.ts";
import type { Profile } from "../model/index.ts";
import { coord, dimProfile, type Plan } from "../plan/index.ts";
import { bandsInProcess, loadSweepPlan } from "../sweep/index.ts";
import type { BandFn, MeasuredPoint } from "./band.ts";

/** The compared quantities, which are also the sweep metrics behind them. */
const METRICS = ["power_w", "tok_s"] as const;

export interface MeasuredBands {
  band: BandFn;
  /** the sweep profile the bands are for */
  profileName: string;
  /** contexts where the sweep's median n_max differs from the measured one */
  nMaxMismatch(q: MeasuredPoint): number | undefined;
}

/** A band sweep's plan with the grid point of each of its context windows for one profile. */
export interface BandPlan {
  plan: Plan;
  /** index of the profile/GPU dimension, and the profile picked there */
  profileDim: number;
  profileName: string;
  /** the sweep's profile the bands are for */
  profile: Profile;
  /** grid point by context window */
  pointAt: Map<number, number>;
  where: string;
}

/**
 * Loads a singleGpu sweep definition (`wattsweep run` format) for bands of `profile`: its
 * grid needs a ctx dimension, a profile among its profiles (or a single one), and one value
 * in every other dimension.
 */
export async function loadBandPlan(file: string, profile: Profile): Promise<BandPlan> {
  const plan = await loadSweepPlan(file);
  const where = `--band-sweep ${file}`;
  if (plan.evaluator.name !== "singleGpu") throw new InputError(`${where}: needs the singleGpu evaluator, not ${plan.evaluator.name}`);
  const ctxDim = plan.dims.findIndex((d) => d.name === "ctx");
  if (ctxDim < 0) throw new InputError(`${where}: the grid needs a ctx dimension (bands are matched by context window)`);
  const pd = plan.dims.findIndex((d) => d.kind === "profile" || d.kind === "gpu");
  const names = plan.dims[pd].values.map((v) => dimProfile(plan.dims[pd], String(v)).name);
  let pick = names.indexOf(profile.name);
  if (pick < 0 && names.length === 1) pick = 0;
  if (pick < 0) throw new InputError(`${where}: none of the sweep's profiles (${names.join(", ")}) is ${profile.name}`);
  plan.dims.forEach((d, i) => {
    if (i !== ctxDim && i !== pd && d.values.length !== 1) {
      throw new InputError(`${where}: dimension ${d.name} has ${d.values.length} values; a band needs one row per context window`);
    }
  });
  const pointAt = new Map<number, number>();
  for (let p = 0; p < plan.points; p++) {
    if (coord(plan, p, pd) === pick) pointAt.set(plan.dims[ctxDim].values[coord(plan, p, ctxDim)] as number, p);
  }
  const picked = dimProfile(plan.dims[pd], String(plan.dims[pd].values[pick]));
  return { plan, profileDim: pd, profileName: names[pick], profile: picked, pointAt, where };
}

/** The grid point at context window ctx, or a one-line error naming the sweep's windows. */
export function bandPoint(b: BandPlan, ctx: number, line: number): number {
  const p = b.pointAt.get(ctx);
  if (p === undefined) {
    throw new InputError(`${b.where}: no grid point at ctx = ${ctx} (measured on line ${line}); its ctx values: ${[...b.pointAt.keys()].join(", ")}`);
  }
  return p;
}

/**
 * Bands from a singleGpu sweep definition, evaluated in this process: for each context
 * window of its grid, p5…p95 of power and tok/s for the validated profile. The sweep
 * evaluates at its own n_max(ctx), so the bands apply to context-sweep measurements.
 */
export async function loadSweepBands(file: string, profile: Profile): Promise<MeasuredBands> {
  const b = await loadBandPlan(file, profile);
  const { plan, where } = b;
  const missing = METRICS.filter((m) => !plan.metrics.includes(m));
  if (missing.length) throw new InputError(`${where}: the sweep does not report ${missing.join(", ")} (metrics: ${plan.metrics.join(", ")})`);
  const bands = bandsInProcess(plan);
  const point = (q: MeasuredPoint): number => bandPoint(b, q.context, q.line);
  return {
    profileName: b.profileName,
    band: (q) => [bands.stat(point(q), q.quantity, "p5"), bands.stat(point(q), q.quantity, "p95")],
    nMaxMismatch: (q) => {
      if (!bands.columns.includes("n_max")) return undefined;
      const n = bands.stat(point(q), "n_max", "p50");
      return n === q.batch ? undefined : n;
    },
  };
}
