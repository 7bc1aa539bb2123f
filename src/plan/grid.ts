// Where a point lies in the grid and what applies there: coordinates, the perturbations'
// scope, shard ranges, and the profile behind a profile or GPU value.
import { InputError } from "../errors.ts";
import { gpuProfile, resolveProfile, type Profile } from "../model/index.ts";
import type { Plan, PlanDim } from "./types.ts";

/**
 * Points in whole blocks of `blockPoints` (derived metrics never leave a block) that hold about
 * `rows` rows of `samples` each, at least one block: record-batch units, chunks, a chunk's groups.
 */
export function wholeBlocks(blockPoints: number, rows: number, samples: number, round: (x: number) => number = Math.floor): number {
  return blockPoints * Math.max(1, round(rows / (samples * blockPoints)));
}

/** Names of the columns that get bands: reported metrics, then derived metrics. */
export function bandedColumns(plan: Plan): string[] {
  return [...plan.metrics, ...plan.derived.map((d) => d.name)];
}

/** Index of point p's value along canonical dimension d. */
export function coord(plan: Plan, p: number, d: number): number {
  return Math.floor(p / plan.strides[d]) % plan.dims[d].values.length;
}

/** Whether perturbation j applies at point p. */
export function applies(plan: Plan, j: number, p: number): boolean {
  const w = plan.perturbations[j].where;
  for (let d = 0; d < w.length; d++) if (w[d] !== null && !w[d]!.has(coord(plan, p, d))) return false;
  return true;
}

/** Units of the shard (1-based k of n): a contiguous range of points, cut at unit boundaries. */
/**
 * What shard k of n computes: whole units of points when the grid has at least n units;
 * otherwise every point for a contiguous range of samples (merge then bands them).
 */
export function shardSlice(plan: Plan, k: number, n: number): { points: [number, number]; samples: [number, number] } {
  const units = Math.ceil(plan.points / plan.unitPoints);
  if (units >= n) return { points: shardPoints(plan, k, n), samples: [0, plan.samples] };
  if (plan.design !== null) {
    // a design's indices need all its rows in one place, and merge bands samples only
    throw new InputError(`--shard = ${k}/${n}: a ${plan.design.method} sweep splits by grid units, and ${plan.name} has ${units}; use at most ${units} shards`);
  }
  return { points: [0, plan.points], samples: [Math.floor(((k - 1) * plan.samples) / n), Math.floor((k * plan.samples) / n)] };
}

export function shardPoints(plan: Plan, k: number, n: number): [number, number] {
  const units = Math.ceil(plan.points / plan.unitPoints);
  const from = Math.floor(((k - 1) * units) / n) * plan.unitPoints;
  const to = Math.min(plan.points, Math.floor((k * units) / n) * plan.unitPoints);
  return [from, to];
}

/** Fails unless exactly one dimension names a profile or GPU, and returns it. */
export function profileDim(dims: readonly PlanDim[], where: string, evaluator: string): PlanDim {
  const found = dims.filter((d) => d.kind === "profile" || d.kind === "gpu");
  if (found.length !== 1) {
    throw new InputError(`${where}: grid: the ${evaluator} evaluator needs exactly one profiles(...) or gpus(...) dimension (found ${found.length})`);
  }
  return found[0];
}

/** The profile behind a profile or gpu dimension value: a profile or GPU name, or a profile JSON file. */
export function dimProfile(dim: PlanDim, value: string): Profile {
  return dim.kind === "gpu" ? gpuProfile(value) : resolveProfile(value);
}
