// How every command and sweep turns a name into a profile: one table of short GPU names,
// the first-principles profile of the paper's model on any other catalog GPU, and profile
// JSON files (e.g. written by `calibrate`).
import { existsSync } from "node:fs";
import { InputError } from "../errors.ts";
import { MODELS } from "./architecture.ts";
import { namedProfiles, PAPER_SERVING, profileByName } from "./catalog.ts";
import { computedProfile, DTYPES } from "./computed.ts";
import { GPUS } from "./hardware.ts";
import type { Profile } from "./profile.ts";
import { loadProfileFile } from "./profileFile.ts";

/** Short GPU names for the paper's calibrated profiles (`--gpu h100`, `gpus("h100")`). */
export const GPU_PROFILE_ALIASES: Readonly<Record<string, string>> = {
  h100: "h100-80gb",
  a100: "a100-80gb",
  a10g: "a10g",
  b200: "b200-projected",
  "b200-v2": "b200-measured",
};

/** The model the paper serves (Llama-3.1-70B) on a GPU with no calibrated profile. */
export const PAPER_MODEL = "llama-3.1-70b";

/**
 * The profile for a GPU name: the paper's calibrated profile where it has one, else the
 * first-principles profile of the paper's model and serving (TP8, fp16) on that catalog GPU.
 */
export function gpuProfile(name: string): Profile {
  const key = name.toLowerCase();
  if (Object.hasOwn(GPU_PROFILE_ALIASES, key)) return profileByName(GPU_PROFILE_ALIASES[key]);
  if (Object.hasOwn(GPUS, key)) return computedProfile(GPUS[key], MODELS[PAPER_MODEL], PAPER_SERVING);
  const valid = [...Object.keys(GPU_PROFILE_ALIASES), ...Object.keys(GPUS).filter((g) => !Object.hasOwn(GPU_PROFILE_ALIASES, g))];
  throw new InputError(`unknown GPU ${JSON.stringify(name)}; valid: ${valid.join(", ")}`);
}

const MODEL_SERVING = /^([^@]+)(?:@tp(\d+))?(?:\/(\w+))?$/;

/** The first-principles profile of a model serving spec ("key[@tpN][/dtype]", default TP8 fp16) on a catalog GPU. */
export function modelProfile(gpu: string, spec: string): Profile {
  const m = MODEL_SERVING.exec(spec);
  if (!m) throw new InputError(`model ${JSON.stringify(spec)}: expected KEY, KEY@tpN or KEY@tpN/DTYPE (e.g. deepseek-v3@tp8/fp8)`);
  const dtype = DTYPES[(m[3] ?? "fp16").toLowerCase()];
  if (dtype === undefined) throw new InputError(`model ${JSON.stringify(spec)}: unknown dtype ${m[3]}; valid: ${Object.keys(DTYPES).join(", ")}`);
  const g = GPUS[gpu.toLowerCase()];
  if (g === undefined) throw new InputError(`unknown GPU ${JSON.stringify(gpu)}; valid: ${Object.keys(GPUS).join(", ")}`);
  const model = MODELS[m[1].toLowerCase()];
  if (model === undefined) throw new InputError(`unknown model ${JSON.stringify(m[1])}; valid: ${Object.keys(MODELS).join(", ")}`);
  return computedProfile(g, model, { ...PAPER_SERVING, tp: Number(m[2] ?? PAPER_SERVING.tp), dtype });
}

/** Whether a `--profile` or profiles(...) value names a profile file (one on disk), not a profile or GPU name. */
export function isProfileFile(nameOrFile: string): boolean {
  return existsSync(nameOrFile);
}

/** A `--profile`/`--gpu` value or a sweep's profiles(...) value: a profile JSON file, a profile name, or a GPU name. */
export function resolveProfile(nameOrFile: string): Profile {
  if (isProfileFile(nameOrFile)) return loadProfileFile(nameOrFile);
  if (nameOrFile.endsWith(".json") || nameOrFile.includes("/")) {
    throw new InputError(`${nameOrFile}: cannot read profile: no such file`);
  }
  const key = nameOrFile.toLowerCase();
  if (Object.hasOwn(namedProfiles(), key)) return profileByName(key);
  if (Object.hasOwn(GPU_PROFILE_ALIASES, key) || Object.hasOwn(GPUS, key)) return gpuProfile(key);
  throw new InputError(`unknown profile ${JSON.stringify(nameOrFile)}; valid: ${Object.keys(namedProfiles()).join(", ")}, `
    + `GPUs ${[...new Set([...Object.keys(GPU_PROFILE_ALIASES), ...Object.keys(GPUS)])].join(", ")}; or give a profile JSON file`);
}
