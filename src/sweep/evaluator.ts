// What a grid point computes. An evaluator names its metrics and perturbable targets,
// checks the grid's dimensions, and evaluates whole chunks of rows (points × samples) over
// Float64Array columns inside a worker. singleGpu (the Table 1 kernel) and fleet (Table 3
// sizing) are the two; a new evaluator only has to implement this interface.
import { InputError } from "../errors.ts";
import { computedProfile, DTYPES, gpuByName, modelByName, profileByName, resolveProfile, type Profile } from "../model/index.ts";
import type { Plan, PlanDim } from "./plan.ts";

export interface Target {
  unit: string;
  /** how a draw combines with the base value unless the definition says otherwise */
  apply: "scale" | "set";
}

export interface ChunkRunner {
  /**
   * Evaluates rows (p - p0) * n + s for points [p0, p1) and n samples each (n = out[0].length
   * / (p1 - p0): all of them, or a range of them when a block is cut by samples).
   * `draws[j]` holds perturbation j's value per row (NaN where it does not apply);
   * `out[m]` receives the evaluator's metric m (in `metrics` order) per row. `s0` is the
   * first sample's index (a row's sample is s0 + its offset within its point).
   */
  run(p0: number, p1: number, draws: readonly Float64Array[], out: readonly Float64Array[], s0: number): void;
}

export interface Evaluator {
  name: string;
  /** metric name → unit, in output order */
  metrics: Readonly<Record<string, string>>;
  /** costly metrics computed only when a definition lists them (not in the default "all") */
  optInMetrics?: readonly string[];
  targets: Readonly<Record<string, Target>>;
  /** Throws an InputError for a dimension this evaluator cannot use; `where` prefixes the message. */
  checkDims(dims: readonly PlanDim[], where: string): void;
  /** Unit of a dimension's values (a numeric dimension named after a target takes its unit). */
  dimUnit(dim: PlanDim): string;
  runner(plan: Plan): ChunkRunner;
}

/** The paper's profile for each GPU key that has one (gpu dimensions resolve through this). */
export const GPU_PROFILES: Readonly<Record<string, string>> = {
  h100: "h100-80gb",
  a100: "a100-80gb",
  a10g: "a10g",
  b200: "b200-projected",
};

/** The profile behind a profile or gpu dimension value: a catalog name, or a profile JSON file (e.g. from `calibrate`). */
export function dimProfile(dim: PlanDim, value: string): Profile {
  if (dim.kind === "gpu") {
    const name = GPU_PROFILES[value.toLowerCase()];
    if (name === undefined) {
      throw new InputError(`grid.${dim.name}: GPU ${JSON.stringify(value)} has no paper profile; valid: ${Object.keys(GPU_PROFILES).join(", ")}`);
    }
    return profileByName(name);
  }
  return resolveProfile(value);
}

const MODEL_SERVING = /^([^@]+)(?:@tp(\d+))?(?:\/(\w+))?$/;

/** The first-principles profile of a models(...) value ("key[@tpN][/dtype]") on a GPU catalog key. */
export function modelProfile(gpu: string, spec: string): Profile {
  const m = MODEL_SERVING.exec(spec);
  if (!m) throw new InputError(`model ${JSON.stringify(spec)}: expected KEY, KEY@tpN or KEY@tpN/DTYPE (e.g. deepseek-v3@tp8/fp8)`);
  const dtype = DTYPES[(m[3] ?? "fp16").toLowerCase()];
  if (dtype === undefined) throw new InputError(`model ${JSON.stringify(spec)}: unknown dtype ${m[3]}; valid: ${Object.keys(DTYPES).join(", ")}`);
  return computedProfile(gpuByName(gpu), modelByName(m[1]), { tp: Number(m[2] ?? 8), dtype, meanCtx: 4096 });
}

/** Fails unless exactly one dimension names a profile or GPU, and returns it. */
export function profileDim(dims: readonly PlanDim[], where: string, evaluator: string): PlanDim {
  const found = dims.filter((d) => d.kind === "profile" || d.kind === "gpu");
  if (found.length !== 1) {
    throw new InputError(`${where}: grid: the ${evaluator} evaluator needs exactly one profiles(...) or gpus(...) dimension (found ${found.length})`);
  }
  return found[0];
}
