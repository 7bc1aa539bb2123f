// The typed sweep definition a user writes (`export default defineSweep({...})`), and the
// helpers that build its pieces. Everything here is plain data except derived-metric
// functions; src/plan validates it and expands it.
import type { BuiltinEvaluator, BuiltinMetric, BuiltinTarget } from "./builtins.ts";
import type { Distribution } from "./distributions.ts";

export type DimensionKind = "number" | "label" | "profile" | "gpu" | "model" | "workload" | "topology" | "replicate";
export type DimValue = number | string;

/** A named grid axis; its values are crossed with every other axis. */
export interface Dimension {
  kind: DimensionKind;
  values: readonly DimValue[];
}

/** A numeric axis: a user model reads its values as an input column by the dimension's name. */
export interface NumberDimension extends Dimension {
  kind: "number";
}

/** Integers from..to inclusive in steps of `step`. */
export function range(from: number, to: number, step = 1): NumberDimension {
  const values: number[] = [];
  if (Number.isInteger(from) && Number.isInteger(to) && Number.isInteger(step) && step > 0) {
    for (let v = from; v <= to; v += step) values.push(v);
  }
  return { kind: "number", values };
}

/** Powers of two from..to inclusive: log2Range(2048, 131072) is 2K, 4K, ..., 128K. */
export function log2Range(from: number, to: number): NumberDimension {
  const values: number[] = [];
  if (from > 0 && Number.isFinite(to)) for (let v = from; v <= to; v *= 2) values.push(v);
  return { kind: "number", values };
}

/**
 * Replicates 1..n of the whole sweep, each with draws of its own for every uncertain parameter
 * (shared, per GPU or per point within it, as each parameter's `vary` says): how far a band
 * moves between replicates is its Monte Carlo error. Methods monteCarlo and latinHypercube only.
 */
export function replicates(n: number): Dimension {
  return { kind: "replicate", values: Number.isSafeInteger(n) && n > 0 ? Array.from({ length: n }, (_, i) => i + 1) : [] };
}

/** Named profiles (`wattsweep list profiles`: h100-80gb, b200-projected, ...) or profile JSON files (paths from the working folder). */
export const profiles = (...names: string[]): Dimension => ({ kind: "profile", values: names });
/** GPU catalog keys (`wattsweep list gpus`), mapped to the paper's profile for that GPU. */
export const gpus = (...names: string[]): Dimension => ({ kind: "gpu", values: names });
/**
 * Catalog models (`wattsweep list models`) served on every GPU of the sweep's gpus(...)
 * dimension as first-principles profiles (docs/model.md §5, meanCtx 4096). A value may name its
 * serving: "llama-3.1-8b@tp1", "deepseek-v3@tp8/fp8" (default TP 8, fp16).
 */
export const models = (...names: string[]): Dimension => ({ kind: "model", values: names });
/** Workload CDFs by name (azure, lmsys, lmsys_multiturn, agent_heavy); fleet sweeps only. */
export const workloads = (...names: string[]): Dimension => ({ kind: "workload", values: names });
/** Fleet topologies: homo, pool, fleetopt; fleet sweeps only. */
export const topologies = (...names: string[]): Dimension => ({ kind: "topology", values: names });

/**
 * How independent the draws of an uncertain parameter are. `shared`: one draw per sample,
 * the same at every grid point (common random numbers, so ratios between cells compare like
 * with like); `perGpu`: one draw per sample and GPU/profile; `perPoint`: one per sample and
 * grid point.
 */
export type Vary = "shared" | "perGpu" | "perPoint";

export interface Uncertain {
  /**
   * what it perturbs: a profile field in snake_case (w, h, kv_blocks, p_idle, ...), power_scale, beta, or a
   * fleet input; with a user model, the input it feeds (default: the entry's own name)
   */
  target?: string;
  dist: Distribution;
  vary?: Vary;
  /** `scale` multiplies the base value, `set` replaces it (default depends on the target) */
  apply?: "scale" | "set";
  /** apply only at grid points whose dimension values are among these */
  where?: Record<string, DimValue | readonly DimValue[]>;
}

/** Metrics of one cell at the current sample, by metric name. */
export type CellMetrics = Readonly<Record<string, number>>;
/** Looks up a cell of the same group by the values of the `across` dimensions. */
export type CellLookup = (select: Record<string, DimValue>) => CellMetrics;

/**
 * A per-sample metric computed from several cells of the grid, e.g. a gain between two
 * GPUs. Its group is the grid point with the `across` dimensions removed; its bands are
 * repeated on every row of that group.
 */
export interface DerivedMetric {
  across: readonly string[];
  unit?: string;
  value: (cell: CellLookup) => number;
  /** set by ratio(): the same quantity as `value`, in a form the engine evaluates column-wise */
  ratio?: { metric: string; numerator: Record<string, DimValue>; denominator: Record<string, DimValue> };
}

/** metric(numerator cell) / metric(denominator cell), per sample. */
export function ratio<M extends string, N extends Record<string, DimValue>, Q extends Record<string, DimValue>>(metric: M, numerator: N,
  denominator: Q): DerivedMetric & { across: ReadonlyArray<(keyof N | keyof Q) & string>; ratio: { metric: M } } {
  const across = [...new Set([...Object.keys(numerator), ...Object.keys(denominator)])] as Array<(keyof N | keyof Q) & string>;
  return {
    across, unit: "ratio", value: (cell) => cell(numerator)[metric] / cell(denominator)[metric],
    ratio: { metric, numerator, denominator },
  };
}

/**
 * How samples are drawn. `monteCarlo` and `latinHypercube`: `samples` draws per grid point.
 * `sobol`: Saltelli's design on a scrambled Sobol' sequence with `samples` base samples N,
 * N(k+2) evaluations per point (N(2k+2) with second order), k the design's inputs (one per
 * independent draw stream: a perGpu parameter is one input per GPU); writes Sobol' indices.
 * `morris`: `samples` Morris trajectories on a p-level grid, r(k+1) evaluations per point;
 * writes elementary-effect measures. Both: src/plan/design.ts.
 */
export type SamplingMethod = "monteCarlo" | "latinHypercube" | "sobol" | "morris";

/** Options of the sensitivity methods (sobol, morris). */
export interface SensitivityOptions {
  /** banded columns (metrics, derived metrics) whose indices are written (default: all) */
  metrics?: readonly string[];
  /** sobol: also second-order indices (indices_s2.*), at N(2k+2) evaluations */
  secondOrder?: boolean;
  /** morris: grid levels p, even (default 4) */
  levels?: number;
  /** bootstrap replicates of the confidence intervals (default 1000) */
  resamples?: number;
  /** two-sided confidence of the intervals (default 0.95) */
  confidence?: number;
}

/**
 * A vectorised model a sweep brings itself. `evaluate` reads input columns by name (the
 * uncertain parameters, and the numeric grid dimensions, each value repeated per row) and
 * fills every output column, `rows` values each. It must be a pure function of its input
 * columns (workers evaluate any slice of rows, in any order).
 */
export interface UserModel<I extends string = string, O extends string = string> {
  /** output metric name → unit */
  outputs: Readonly<Record<O, string>>;
  /** input name → unit (optional; for the manifest and indices) */
  units?: Readonly<Partial<Record<I, string>>>;
  evaluate(inputs: Readonly<Record<I, Float64Array>>, outputs: Readonly<Record<O, Float64Array>>, rows: number): void;
}

export interface SweepDefinition {
  name: string;
  /** what each grid point computes: `singleGpu` (Table 1 kernel, default) or `fleet` (Table 3 sizing) */
  evaluator?: string;
  grid: Record<string, Dimension | readonly DimValue[]>;
  uncertain?: Record<string, Uncertain>;
  /** samples per grid point (default 1); sobol: base samples N; morris: trajectories r */
  samples?: number;
  method?: SamplingMethod;
  sensitivity?: SensitivityOptions;
  /** a user model instead of a built-in evaluator (see UserModel) */
  model?: UserModel;
  seed?: number;
  /** evaluator metrics to report (default: all) */
  metrics?: readonly string[];
  derived?: Record<string, DerivedMetric>;
}

/** Names of the grid's numeric dimensions: plain number lists, range(...), log2Range(...). */
export type NumericKeys<G> = {
  [K in keyof G]: G[K] extends readonly number[] ? K : G[K] extends NumberDimension ? K : never;
}[keyof G] & string;

/**
 * A derived metric typed by its sweep: `across` and cell lookups name only grid dimensions K,
 * and a cell holds exactly the metrics M.
 */
export interface GridDerivedMetric<K extends string, M extends string> {
  across: readonly K[];
  unit?: string;
  // a method (checked bivariantly), so a metric that reads fewer names fits a sweep with more
  value(cell: (select: Partial<Record<K, DimValue>>) => Readonly<Record<M, number>>): number;
  ratio?: { metric: M; numerator: Record<string, DimValue>; denominator: Record<string, DimValue> };
}

/** Conditions on grid dimensions K (an Uncertain's `where`). */
interface WhereIn<K extends string> {
  where?: Partial<Record<K, DimValue | readonly DimValue[]>>;
}
/** An uncertain entry of a sweep of built-in evaluator E on a grid with dimensions K: it needs a target of E. */
export type BuiltinUncertain<E extends BuiltinEvaluator, K extends string = string> =
  Omit<Uncertain, "target" | "where"> & WhereIn<K> & { target: BuiltinTarget<E> };

/** A sweep's metrics: its model's outputs O, or evaluator E's metrics when it has no model (O is never). */
export type SweepMetric<E extends BuiltinEvaluator, O extends string> = [O] extends [never] ? BuiltinMetric<E> : O;

/**
 * A sweep typed by its own names, so that a misspelled name is a compile error. With a user
 * model (outputs O): the model reads exactly the uncertain parameters U and the numeric grid
 * dimensions, and writes its outputs. Without one, evaluator E (singleGpu by default) fixes
 * the metrics and the targets an uncertain entry may name. Either way `metrics`, ratio(),
 * cell lookups and `sensitivity.metrics` name only metrics (and derived metrics D), and
 * `where` and `across` only grid dimensions.
 */
export interface TypedSweepDefinition<E extends BuiltinEvaluator, G extends SweepDefinition["grid"], U extends string, O extends string, D extends string>
  extends Omit<SweepDefinition, "grid" | "uncertain" | "model" | "metrics" | "evaluator" | "derived" | "sensitivity"> {
  /** a user model replaces the evaluator, so a sweep with one names none */
  evaluator?: [O] extends [never] ? E : never;
  grid: G;
  uncertain?: Record<U, [O] extends [never] ? BuiltinUncertain<E, keyof G & string> : Omit<Uncertain, "where"> & WhereIn<keyof G & string>>;
  model?: UserModel<NoInfer<U> | NumericKeys<G>, O>;
  metrics?: readonly NoInfer<SweepMetric<E, O>>[];
  derived?: Record<D, GridDerivedMetric<keyof G & string, NoInfer<SweepMetric<E, O>>>>;
  /** indices of metrics and derived metrics only */
  sensitivity?: SensitivityOptions & { metrics?: readonly NoInfer<SweepMetric<E, O> | D>[] };
}

/**
 * Identity with types: `export default defineSweep({...})` in a sweep file. One signature
 * (not overloads), so tsc reports a misspelled name on its own line. The result is NoInfer:
 * a caller's declared type (`(): SweepDefinition => defineSweep(...)`) must not infer a
 * model's outputs (O = string) that would let any metric name through.
 */
export function defineSweep<const G extends SweepDefinition["grid"], U extends string = never, O extends string = never, D extends string = never,
  E extends BuiltinEvaluator = "singleGpu">(definition: TypedSweepDefinition<E, G, U, O, D>): NoInfer<TypedSweepDefinition<E, G, U, O, D>> {
  return definition;
}
