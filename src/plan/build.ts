// Validates a sweep definition and expands it into a Plan: the grid in its canonical order
// (index → point, never materialised), the perturbations resolved to evaluator targets,
// and the blocks and units that chunks, record batches and shards are cut along.
import { createHash } from "node:crypto";
import { badInput, InputError } from "../errors.ts";
import { checkDistribution, type Dimension, type DimensionKind, type DimValue, type SweepDefinition } from "../definition/index.ts";
import { gpuProfile, isProfileFile, modelProfile, resolveProfile } from "../model/index.ts";
import { buildDesign } from "./design.ts";
import { wholeBlocks } from "./grid.ts";
import { inputFiles } from "./inputs.ts";
import { userModelEvaluator } from "./userModel.ts";
import { checkColumnName, drawKey } from "./names.ts";
import { checkScaleSupport, checkSweepName } from "./support.ts";
import type { EvaluatorRegistry, Plan, PlanDerived, PlanDim, PlanPerturbation } from "./types.ts";

const MAX_SAMPLES = 2 ** 30;
const DIMENSION_KINDS: readonly DimensionKind[] = ["number", "label", "profile", "gpu", "model", "workload", "topology", "replicate"];
const BATCH_ROWS = 2 ** 16;

function isDimension(v: unknown): v is Dimension {
  return typeof v === "object" && v !== null && !Array.isArray(v) && "kind" in v && "values" in v;
}

function checkDim(name: string, raw: unknown, where: string): PlanDim {
  const field = `grid.${name}`;
  checkColumnName(where, field, name);
  let kind: DimensionKind;
  let values: unknown[];
  if (Array.isArray(raw)) {
    values = raw;
    kind = raw.every((v) => typeof v === "number") ? "number" : "label";
  } else if (isDimension(raw) && DIMENSION_KINDS.includes(raw.kind) && Array.isArray(raw.values)) {
    kind = raw.kind;
    values = [...raw.values];
  } else {
    return badInput(where, field, raw, "not a list of values or a dimension (range, log2Range, profiles, gpus, ...)");
  }
  if (values.length === 0) badInput(where, field, values, "empty dimension");
  for (const v of values) {
    if (kind === "replicate" ? !Number.isSafeInteger(v) || (v as number) < 1 : kind === "number" ? typeof v !== "number" || !Number.isFinite(v) : typeof v !== "string") {
      badInput(where, field, v, kind === "replicate" ? "not a replicate number (1, 2, ...: replicates(n))" : kind === "number" ? "not a finite number" : "not a name");
    }
  }
  if (new Set(values).size !== values.length) badInput(where, field, values, "repeated value");
  const labels: string[] = [];
  for (const v of values) {
    try {
      // a GPU needs a paper profile unless models(...) builds profiles on it: the evaluator checks
      if (kind === "profile") {
        const profile = resolveProfile(v as string);
        labels.push(isProfileFile(v as string) ? profile.name : (v as string));
      }
      if (kind === "gpu") gpuProfile(v as string);
      if (kind === "model") modelProfile("h100", v as string);
    } catch (err) {
      if (err instanceof InputError) throw new InputError(`${where}: ${field}: ${err.message.replace(/^grid\.\w+: /, "")}`);
      throw err;
    }
  }
  if (kind !== "profile" || labels.every((l, i) => l === values[i])) return { name, kind, values: values as DimValue[], unit: "" };
  const twin = labels.findIndex((l, i) => labels.indexOf(l) !== i);
  if (twin >= 0) badInput(where, field, values[twin], `its profile is named ${JSON.stringify(labels[twin])} like another of grid.${name}'s; files show profiles by name, so give them distinct names`);
  return { name, kind, values: values as DimValue[], unit: "", labels };
}

function checkInt(where: string, field: string, v: unknown, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    badInput(where, field, v, `must be an integer in [${min}, ${max}]`);
  }
  return v;
}

function oneOf<T extends string>(where: string, field: string, v: unknown, options: readonly T[], fallback: T): T {
  if (v === undefined) return fallback;
  if (!options.includes(v as T)) badInput(where, field, v, `must be one of ${options.join(", ")}`);
  return v as T;
}

/**
 * JSON of a definition for hashing: keys in their declared order (the order of grid
 * dimensions and uncertain entries changes results), functions by source text.
 */
function canonical(v: unknown): string {
  if (typeof v === "function") return JSON.stringify(v.toString());
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/**
 * Validates `def` (errors name `where`, usually the sweep file, and the field) and expands it;
 * `evaluators` are the ones its `evaluator:` field may name.
 */
export function buildPlan(def: SweepDefinition, where: string, evaluators: EvaluatorRegistry): Plan {
  if (typeof def !== "object" || def === null) badInput(where, "default export", def, "not a sweep definition (use defineSweep)");
  const known = ["name", "evaluator", "grid", "uncertain", "samples", "method", "sensitivity", "seed", "metrics", "derived", "model"];
  for (const k of Object.keys(def)) if (!known.includes(k)) badInput(where, k, "", `unknown field; valid: ${known.join(", ")}`);
  if (typeof def.name !== "string" || def.name === "") badInput(where, "name", def.name, "must be a non-empty string");
  checkSweepName(def.name, where);
  const evaluatorName = def.model !== undefined ? "model" : def.evaluator ?? "singleGpu";
  const evaluator = def.model !== undefined ? userModelEvaluator(def, where)
    : Object.hasOwn(evaluators, evaluatorName) ? evaluators[evaluatorName] : undefined;
  if (evaluator === undefined) badInput(where, "evaluator", evaluatorName, `unknown; valid: ${Object.keys(evaluators).join(", ")}`);
  if (typeof def.grid !== "object" || def.grid === null || Object.keys(def.grid).length === 0) {
    badInput(where, "grid", def.grid, "needs at least one dimension");
  }
  const userDims = Object.entries(def.grid).map(([name, raw]) => checkDim(name, raw, where));
  const replicateDims = userDims.filter((d) => d.kind === "replicate");
  if (replicateDims.length > 1) badInput(where, `grid.${replicateDims[1].name}`, "replicates", "a second replicates(...) dimension; one numbers every replicate");
  evaluator.checkDims(userDims, where);
  for (const d of userDims) d.unit = evaluator.dimUnit(d);
  const dimIndex = (name: string, field: string) => {
    const i = userDims.findIndex((d) => d.name === name);
    if (i < 0) badInput(where, field, name, `not a grid dimension; valid: ${userDims.map((d) => d.name).join(", ")}`);
    return i;
  };

  const method = oneOf(where, "method", def.method, ["monteCarlo", "latinHypercube", "sobol", "morris"] as const, "monteCarlo");
  if (def.sensitivity !== undefined && method !== "sobol" && method !== "morris") {
    badInput(where, "sensitivity", "", "options of methods sobol and morris only");
  }
  /** monteCarlo, latinHypercube: samples per point; sobol: base samples; morris: trajectories */
  const drawn = checkInt(where, "samples", def.samples ?? 1, 1, MAX_SAMPLES);
  const seed = checkInt(where, "seed", def.seed ?? 0, 0, Number.MAX_SAFE_INTEGER);
  const allMetrics = Object.keys(evaluator.metrics);
  const metrics = def.metrics === undefined ? allMetrics.filter((m) => !evaluator.optInMetrics?.includes(m)) : [...def.metrics];
  if (!Array.isArray(metrics) || metrics.length === 0) badInput(where, "metrics", def.metrics, "needs at least one metric");
  for (const m of metrics) if (!allMetrics.includes(m)) badInput(where, "metrics", m, `unknown metric; valid: ${allMetrics.join(", ")}`);

  // Derived metrics fix the canonical order: the dimensions they span go innermost.
  const derivedEntries = Object.entries(def.derived ?? {});
  const spanned = new Set<number>();
  for (const [name, d] of derivedEntries) {
    const field = `derived.${name}`;
    checkColumnName(where, field, name);
    if (allMetrics.includes(name)) badInput(where, field, name, "name taken by a metric");
    if (typeof d?.value !== "function") badInput(where, `${field}.value`, d?.value, "must be a function of the cell lookup");
    if (!Array.isArray(d.across) || d.across.length === 0) badInput(where, `${field}.across`, d.across, "must name at least one dimension");
    for (const a of d.across) spanned.add(dimIndex(a, `${field}.across`));
    if (d.ratio) {
      if (!allMetrics.includes(d.ratio.metric)) badInput(where, field, d.ratio.metric, `unknown metric; valid: ${allMetrics.join(", ")}`);
      for (const select of [d.ratio.numerator, d.ratio.denominator]) {
        for (const [dim, v] of Object.entries(select)) {
          if (!userDims[dimIndex(dim, field)].values.includes(v)) badInput(where, `${field}.${dim}`, v, `not a value of grid.${dim}`);
        }
      }
    }
  }
  const derivedNames = derivedEntries.map(([n]) => n);
  const order = [...userDims.keys()].filter((i) => !spanned.has(i)).concat([...userDims.keys()].filter((i) => spanned.has(i)));
  const dims = order.map((i) => userDims[i]);
  const canonicalIndex = (name: string) => dims.findIndex((d) => d.name === name);
  const strides = new Array<number>(dims.length);
  let points = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    strides[i] = points;
    points *= dims[i].values.length;
  }
  const blockPoints = [...spanned].reduce((n, i) => n * userDims[i].values.length, 1);

  const perturbations = Object.entries(def.uncertain ?? {}).map(([name, u]): PlanPerturbation => {
    const field = `uncertain.${name}`;
    checkColumnName(where, field, name);
    if (typeof u !== "object" || u === null) badInput(where, field, u, "must be { target, dist, ... }");
    // a user model's input defaults to the entry's name
    const targetName = u.target ?? (def.model !== undefined ? name : undefined);
    const target = typeof targetName === "string" && Object.hasOwn(evaluator.targets, targetName) ? evaluator.targets[targetName] : undefined;
    if (target === undefined || targetName === undefined) {
      return badInput(where, `${field}.target`, u.target, `unknown parameter; valid: ${Object.keys(evaluator.targets).join(", ")}`);
    }
    const whereSets: Array<Set<number> | null> = dims.map(() => null);
    for (const [dimName, allowed] of Object.entries(u.where ?? {})) {
      const d = canonicalIndex(dimName);
      if (d < 0) dimIndex(dimName, `${field}.where`);
      const list = Array.isArray(allowed) ? allowed : [allowed];
      whereSets[d] = new Set(list.map((v: DimValue) => {
        const at = dims[d].values.indexOf(v);
        if (at < 0) badInput(where, `${field}.where.${dimName}`, v, `not a value of grid.${dimName}`);
        return at;
      }));
    }
    const vary = oneOf(where, `${field}.vary`, u.vary, ["shared", "perGpu", "perPoint"] as const, "shared");
    if (vary === "perGpu" && !dims.some((d) => d.kind === "profile" || d.kind === "gpu")) {
      badInput(where, `${field}.vary`, vary, "needs a profiles(...) or gpus(...) dimension");
    }
    const dist = checkDistribution(u.dist, `${where}: ${field}.dist`);
    const apply = oneOf(where, `${field}.apply`, u.apply, ["scale", "set"] as const, target.apply);
    if (apply === "scale") checkScaleSupport(dist, where, `${field}.dist`);
    return { name, key: drawKey(name), target: targetName, dist, vary, apply, where: whereSets };
  });
  const taken = new Set([...allMetrics, ...derivedEntries.map(([n]) => n), ...dims.map((d) => d.name), "point", "sample"]);
  for (const p of perturbations) if (taken.has(p.name)) badInput(where, `uncertain.${p.name}`, p.name, "name taken by a metric or dimension");
  perturbations.forEach((p, i) => {
    const twin = perturbations.findIndex((q) => q.key === p.key);
    if (twin !== i) badInput(where, `uncertain.${p.name}`, p.name, `draws would coincide with uncertain.${perturbations[twin].name}'s; rename one`);
  });

  const design = method === "sobol" || method === "morris"
    ? buildDesign(def, where, method, drawn, dims, perturbations, [...metrics, ...derivedNames])
    : null;
  const samples = design === null ? drawn : design.rows;
  if (samples > MAX_SAMPLES) badInput(where, "samples", drawn, `${samples} design rows per point; at most ${MAX_SAMPLES}`);
  if (points * samples > Number.MAX_SAFE_INTEGER || points > 2 ** 31 - 1) {
    badInput(where, "grid", points, "too many grid points");
  }
  const unitPoints = wholeBlocks(blockPoints, BATCH_ROWS, samples);
  const derived = derivedEntries.map(([name, d]): PlanDerived => ({
    name, unit: typeof d.unit === "string" ? d.unit : "", value: d.value, ratio: d.ratio, across: d.across.map(canonicalIndex),
  }));
  const inputs = inputFiles(userDims);
  return {
    name: def.name, evaluator, dims, strides, points, samples, method, design, seed, perturbations,
    metrics, metricSlots: metrics.map((m) => allMetrics.indexOf(m)), derived, blockPoints, unitPoints,
    hash: createHash("sha256").update(canonical({ ...def, evaluator: evaluatorName })).update(JSON.stringify(inputs)).digest("hex"),
    inputs,
  };
}


/** The plan with its seed replaced (`run --seed`); the seed is checked like the definition's. */
export function withSeed(plan: Plan, seed: number, where: string): Plan {
  return { ...plan, seed: checkInt(where, "seed", seed, 0, Number.MAX_SAFE_INTEGER) };
}
