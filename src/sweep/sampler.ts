// Draws of the uncertain parameters: value of perturbation j at (point, sample), a pure
// function of (seed, j, stream, sample) — the stream being shared, per GPU or per point.
import { quantileOf } from "./distributions.ts";
import { applies, type Plan, streamOf } from "./plan.ts";
import { hash5, permuteIndex, uniformAt } from "./rng.ts";

/** Tags that keep the generator's uses apart: Monte Carlo values, LHS jitter, LHS permutation. */
const JITTER = 0x40000000;
const PERMUTATION = 0x20000000;

/**
 * The uniform behind sample s. Monte Carlo: an independent hash. Latin hypercube: sample s
 * falls in stratum pi(s) of `samples` equal strata, pi a keyed permutation, jittered inside.
 */
export function sampleUniform(plan: Plan, j: number, stream: number, s: number): number {
  if (plan.method === "monteCarlo") return uniformAt(plan.seedLo, plan.seedHi, j, stream, s);
  const key = hash5(plan.seedHi, j | PERMUTATION, stream, 0, 0);
  const stratum = permuteIndex(s, plan.samples, plan.seedLo, key, stream);
  return (stratum + uniformAt(plan.seedLo, plan.seedHi, j | JITTER, stream, s)) / plan.samples;
}

/** Fills out[(p - p0) * samples + s] with perturbation j's value, NaN where it does not apply. */
export function fillDraws(plan: Plan, j: number, p0: number, p1: number, out: Float64Array): void {
  const S = plan.samples;
  const dist = plan.perturbations[j].dist;
  for (let p = p0; p < p1; p++) {
    const row = (p - p0) * S;
    if (!applies(plan, j, p)) {
      out.fill(NaN, row, row + S);
      continue;
    }
    const stream = streamOf(plan, j, p);
    for (let s = 0; s < S; s++) out[row + s] = quantileOf(dist, sampleUniform(plan, j, stream, s));
  }
}
