// Validates a sweep definition and expands it into a Plan: the grid in its canonical order
// (index → point, never materialised), the perturbations resolved to evaluator targets,
// and the blocks and units that chunks, record batches and shards are cut along.
import { createHash } from "node:crypto";
import { badInput, InputError } from "../errors.ts";
import type { DerivedMetric, Dimension, DimensionKind, DimValue, Method, SweepDefinition, Vary } from "./define.ts";
import { checkDistribution, type Distribution } from "./distributions.ts";
import { gpuByName } from "../model/index.ts";
import { dimProfile, modelProfile, type Evaluator } from "./evaluator.ts";
import { EVALUATORS } from "./evaluators.ts";
import { nameHash, seedWords } from "./rng.ts";

export interface PlanDim {
  name: string;
  kind: DimensionKind;
  values: DimValue[];
  unit: string;
}

export interface PlanPerturbation {
  name: string;
  target: string;
  dist: Distribution;
  vary: Vary;
  apply: "scale" | "set";
  /** per canonical dimension: allowed value indices, or null for any */
  where: Array<Set<number> | null>;
}

export interface PlanDerived {
  name: string;
  unit: string;
  /** canonical indices of the dimensions the metric spans */
  across: number[];
  value: DerivedMetric["value"];
  ratio?: DerivedMetric["ratio"];
}

export interface Plan {
  name: string;
  evaluator: Evaluator;
  /** dimensions in canonical order: those no derived metric spans first, then the spanned ones; the last varies fastest */
  dims: PlanDim[];
  strides: number[];
  points: number;
  samples: number;
  method: Method;
  seed: number;
  seedLo: number;
  seedHi: number;
  perturbations: PlanPerturbation[];
  /** reported evaluator metrics, and their positions in the evaluator's output */
  metrics: string[];
  metricSlots: number[];
  derived: PlanDerived[];
  /** points of one block: every combination of the spanned dimensions (derived metrics never leave a block) */
  blockPoints: number;
  /** points per record batch of points.arrow and per shard slice: whole blocks, about 64K rows */
  unitPoints: number;
  /** sha256 of the definition (functions by their source text) */
  hash: string;
  /** sha256 of the sweep file's bytes, when loaded from a file (workers check they see the same file) */
  sourceHash?: string;
}

const MAX_SAMPLES = 2 ** 30;
const DIMENSION_KINDS: readonly DimensionKind[] = ["number", "label", "profile", "gpu", "model", "workload", "topology"];
const BATCH_ROWS = 65536;

function isDimension(v: unknown): v is Dimension {
  return typeof v === "object" && v !== null && !Array.isArray(v) && "kind" in v && "values" in v;
}

function checkDim(name: string, raw: unknown, where: string): PlanDim {
  const field = `grid.${name}`;
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
    if (kind === "number" ? typeof v !== "number" || !Number.isFinite(v) : typeof v !== "string") {
      badInput(where, field, v, kind === "number" ? "not a finite number" : "not a name");
    }
  }
  if (new Set(values).size !== values.length) badInput(where, field, values, "repeated value");
  const dim: PlanDim = { name, kind, values: values as DimValue[], unit: "" };
  for (const v of values) {
    try {
      // a GPU needs a paper profile unless models(...) builds profiles on it: the evaluator checks
      if (kind === "profile") dimProfile(dim, v as string);
      if (kind === "gpu") gpuByName(v as string);
      if (kind === "model") modelProfile("h100", v as string);
    } catch (err) {
      if (err instanceof InputError) throw new InputError(`${where}: ${field}: ${err.message.replace(/^grid\.\w+: /, "")}`);
      throw err;
    }
  }
  return dim;
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

/** Stable JSON of a definition for hashing: sorted keys, functions by source text. */
function canonical(v: unknown): string {
  if (typeof v === "function") return JSON.stringify(v.toString());
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/** Validates `def` (errors name `where`, usually the sweep file, and the field) and expands it. */
export function buildPlan(def: SweepDefinition, where: string): Plan {
  if (typeof def !== "object" || def === null) badInput(where, "default export", def, "not a sweep definition (use defineSweep)");
  const known = ["name", "evaluator", "grid", "uncertain", "samples", "method", "seed", "metrics", "derived"];
  for (const k of Object.keys(def)) if (!known.includes(k)) badInput(where, k, "", `unknown field; valid: ${known.join(", ")}`);
  if (typeof def.name !== "string" || def.name === "") badInput(where, "name", def.name, "must be a non-empty string");
  const evaluatorName = def.evaluator ?? "singleGpu";
  const evaluator = Object.hasOwn(EVALUATORS, evaluatorName) ? EVALUATORS[evaluatorName] : undefined;
  if (evaluator === undefined) badInput(where, "evaluator", evaluatorName, `unknown; valid: ${Object.keys(EVALUATORS).join(", ")}`);
  if (typeof def.grid !== "object" || def.grid === null || Object.keys(def.grid).length === 0) {
    badInput(where, "grid", def.grid, "needs at least one dimension");
  }
  const userDims = Object.entries(def.grid).map(([name, raw]) => checkDim(name, raw, where));
  evaluator.checkDims(userDims, where);
  for (const d of userDims) d.unit = evaluator.dimUnit(d);
  const dimIndex = (name: string, field: string) => {
    const i = userDims.findIndex((d) => d.name === name);
    if (i < 0) badInput(where, field, name, `not a grid dimension; valid: ${userDims.map((d) => d.name).join(", ")}`);
    return i;
  };

  const samples = checkInt(where, "samples", def.samples ?? 1, 1, MAX_SAMPLES);
  const method = oneOf(where, "method", def.method, ["monteCarlo", "latinHypercube"] as const, "monteCarlo");
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
  const order = [...userDims.keys()].filter((i) => !spanned.has(i)).concat([...userDims.keys()].filter((i) => spanned.has(i)));
  const dims = order.map((i) => userDims[i]);
  const canonicalIndex = (name: string) => dims.findIndex((d) => d.name === name);
  const strides = new Array<number>(dims.length);
  let points = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    strides[i] = points;
    points *= dims[i].values.length;
  }
  if (points * samples > Number.MAX_SAFE_INTEGER || points > 2 ** 31 - 1) {
    badInput(where, "grid", points, "too many grid points");
  }
  const blockPoints = [...spanned].reduce((n, i) => n * userDims[i].values.length, 1);
  const unitPoints = blockPoints * Math.max(1, Math.floor(BATCH_ROWS / (samples * blockPoints)));

  const perturbations = Object.entries(def.uncertain ?? {}).map(([name, u]): PlanPerturbation => {
    const field = `uncertain.${name}`;
    if (typeof u !== "object" || u === null) badInput(where, field, u, "must be { target, dist, ... }");
    const target = Object.hasOwn(evaluator.targets, u.target) ? evaluator.targets[u.target] : undefined;
    if (target === undefined) {
      badInput(where, `${field}.target`, u.target, `unknown parameter; valid: ${Object.keys(evaluator.targets).join(", ")}`);
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
    return {
      name, target: u.target, dist: checkDistribution(u.dist, `${where}: ${field}.dist`), vary,
      apply: oneOf(where, `${field}.apply`, u.apply, ["scale", "set"] as const, target.apply), where: whereSets,
    };
  });
  const taken = new Set([...allMetrics, ...derivedEntries.map(([n]) => n), ...dims.map((d) => d.name), "point", "sample"]);
  for (const p of perturbations) if (taken.has(p.name)) badInput(where, `uncertain.${p.name}`, p.name, "name taken by a metric or dimension");

  const derived = derivedEntries.map(([name, d]): PlanDerived => ({
    name, unit: typeof d.unit === "string" ? d.unit : "", value: d.value, ratio: d.ratio, across: d.across.map(canonicalIndex),
  }));
  const [seedLo, seedHi] = seedWords(seed);
  return {
    name: def.name, evaluator, dims, strides, points, samples, method, seed, seedLo, seedHi, perturbations,
    metrics, metricSlots: metrics.map((m) => allMetrics.indexOf(m)), derived, blockPoints, unitPoints,
    hash: createHash("sha256").update(canonical({ ...def, evaluator: evaluatorName })).digest("hex"),
  };
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

/** Random stream of perturbation j at point p (see Vary). */
export function streamOf(plan: Plan, j: number, p: number): number {
  const vary = plan.perturbations[j].vary;
  if (vary === "shared") return 0;
  if (vary === "perPoint") return p + 1;
  const d = plan.dims.findIndex((x) => x.kind === "profile" || x.kind === "gpu");
  return nameHash(String(plan.dims[d].values[coord(plan, p, d)]));
}

/** Units of the shard (1-based k of n): a contiguous range of points, cut at unit boundaries. */
export function shardPoints(plan: Plan, k: number, n: number): [number, number] {
  const units = Math.ceil(plan.points / plan.unitPoints);
  const from = Math.floor(((k - 1) * units) / n) * plan.unitPoints;
  const to = Math.min(plan.points, Math.floor((k * units) / n) * plan.unitPoints);
  return [from, to];
}
