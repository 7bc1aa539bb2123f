// What a plan is, and the contract an evaluator fulfils: the types every later stage reads.
// An evaluator names its metrics and perturbable targets, checks the grid's dimensions, and
// evaluates whole chunks of rows (points × samples) over Float64Array columns in a worker.
import type { DerivedMetric, DimensionKind, DimValue, Distribution, SamplingMethod, Vary } from "../definition/index.ts";

/** A file a grid value names, as read when the plan was built. */
export interface InputFile {
  dimension: string;
  value: string;
  sha256: string;
}

export interface PlanDim {
  name: string;
  kind: DimensionKind;
  values: DimValue[];
  unit: string;
  /** what files and reports show for each value where it differs from it: a profile file's profile name, not its path */
  labels?: string[];
}

export interface PlanPerturbation {
  name: string;
  /** generator key, from the name (drawKey) */
  key: number;
  target: string;
  dist: Distribution;
  vary: Vary;
  apply: "scale" | "set";
  /** per canonical dimension: allowed value indices, or null for any */
  where: Array<Set<number> | null>;
}

export interface DesignInput {
  /** `name` of a shared parameter, `name[gpu]` of a perGpu one */
  name: string;
  /** the perturbation and the draw stream (see streamOf in src/sample/draws.ts) it stands for */
  perturbation: number;
  stream: number;
}

export interface PlanDesign {
  method: "sobol" | "morris";
  inputs: DesignInput[];
  /** sobol: base samples N; morris: trajectories r */
  base: number;
  secondOrder: boolean;
  /** morris grid levels p */
  levels: number;
  resamples: number;
  confidence: number;
  /** positions among the banded columns (metrics, then derived) of those that get indices */
  columns: number[];
  /** design rows: the plan's samples per point */
  rows: number;
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
  method: SamplingMethod;
  /** the sensitivity design (methods sobol and morris), else null */
  design: PlanDesign | null;
  seed: number;
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
  /** the files the grid reads (profile JSON, workload CDFs), with their bytes' sha256 */
  inputs: InputFile[];
  /** sha256 of the sweep file's bytes, when loaded from a file (workers check they see the same file) */
  sourceHash?: string;
  /** the sweep file compiled to one plain ES module (its file URL), which workers import as it is */
  module?: string;
}

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
   * With `constant` (a byte per point and metric, point-major: (p - p0) * metrics + m), a
   * metric that has one value at every sample of a point may be written to the point's first
   * row alone, its byte set to 1; the chunk fills the other rows where anything reads them.
   */
  run(p0: number, p1: number, draws: readonly Float64Array[], out: readonly Float64Array[], s0: number, constant?: Uint8Array): void;
  /** run writes every row of every metric (or marks it constant): the chunk need not zero the rows of a reused buffer first */
  writesEveryRow?: boolean;
}

export interface Evaluator {
  name: string;
  /** metric name → unit, in output order */
  metrics: Readonly<Record<string, string>>;
  /** costly metrics computed only when a definition lists them (not in the default "all") */
  optInMetrics?: readonly string[];
  /** metrics whose every value is a whole count (sequences, GPUs): int64 per sample in points.* */
  countMetrics?: readonly string[];
  /**
   * Metrics computed as another's values over a third's, row by row: tok_per_w: [tok_s, power_w].
   * Where the numerator is one value at a point, the bands read the quotient's quantiles along
   * the denominator's sample order (see pointBands): the declaration must hold bit for bit.
   */
  quotients?: Readonly<Record<string, readonly [numerator: string, denominator: string]>>;
  targets: Readonly<Record<string, Target>>;
  /**
   * Rows (point × sample) per chunk when a run does not say (default 16384): rows that cost
   * tens of nanoseconds want more of them per chunk, or handing chunks to workers costs as
   * much as computing them.
   */
  chunkRows?: number;
  /** Throws an InputError for a dimension this evaluator cannot use; `where` prefixes the message. */
  checkDims(dims: readonly PlanDim[], where: string): void;
  /** Unit of a dimension's values (a numeric dimension named after a target takes its unit). */
  dimUnit(dim: PlanDim): string;
  runner(plan: Plan): ChunkRunner;
}

/** The evaluators a sweep may name in `evaluator:`, by name; handed to buildPlan by the caller. */
export type EvaluatorRegistry = Readonly<Record<string, Evaluator>>;
