// The names the built-in evaluators give their metrics and accept as targets. They live here,
// below src/evaluators, so that defineSweep can type a built-in sweep with them (a misspelled
// target or metric is a compile error); the evaluators build their runtime tables from these
// same lists (test/sweep/builtinTypes.test.ts checks the two never differ).

export const BUILTIN_EVALUATORS = ["singleGpu", "fleet"] as const;
export type BuiltinEvaluator = (typeof BUILTIN_EVALUATORS)[number];

/** singleGpu metrics, in the kernel's output order (KERNEL_OUTPUTS) */
export const SINGLE_GPU_METRICS = ["n_max", "iter_s", "tok_s", "power_w", "tok_per_w"] as const;
/** singleGpu targets: the kernel inputs by their sweep names, except ctx (a grid dimension) and slot_rule (set by the profile) */
export const SINGLE_GPU_TARGETS = [
  "w", "h", "c", "lcal", "blk", "kv_blocks", "max_slots", "p_idle", "p_nom", "k", "x0", "power_scale", "beta", "tdp", "compute_coef", "flops",
] as const;

/** fleet metrics, in the order of the fleet evaluator's output columns (it takes each by its name) */
export const FLEET_METRICS = [
  "tok_per_w", "power_kw", "gpus", "cost_per_mil", "p99_ttft_ms", "slo_met", "slo_binds", "cap_binds", "des_p99_ttft_ms", "des_slo_met",
] as const;
/** fleet targets: the profile fields sizing reads, then the fleet's own inputs */
export const FLEET_TARGETS = [
  "w", "h", "kv_blocks", "max_slots", "chunk", "p_idle", "p_nom", "k", "x0",
  "lam", "slo", "b_short", "gamma", "long_ctx", "power_scale", "beta", "sampler_seed", "max_utilisation", "des_requests",
] as const;

export type SingleGpuMetric = (typeof SINGLE_GPU_METRICS)[number];
export type SingleGpuTarget = (typeof SINGLE_GPU_TARGETS)[number];
export type FleetMetric = (typeof FLEET_METRICS)[number];
export type FleetTarget = (typeof FLEET_TARGETS)[number];

interface BuiltinNames {
  singleGpu: { metric: SingleGpuMetric; target: SingleGpuTarget };
  fleet: { metric: FleetMetric; target: FleetTarget };
}
/** The metrics evaluator E reports. */
export type BuiltinMetric<E extends BuiltinEvaluator> = BuiltinNames[E]["metric"];
/** The parameters evaluator E lets an uncertain entry perturb. */
export type BuiltinTarget<E extends BuiltinEvaluator> = BuiltinNames[E]["target"];
