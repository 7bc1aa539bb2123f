// Compile-time checks of built-in evaluator sweeps (`npx tsc --noEmit` fails if one stops
// holding): `evaluator`, each uncertain entry's `target`, `metrics`, ratio(), cell lookups in a
// derived `value` and `sensitivity.metrics` name only what that evaluator has; `where` and
// `across` only grid dimensions; and no field outside SweepDefinition is accepted. Each
// expected error sits on the line of its typo: tsc reports it there.
import { defineSweep, log2Range, plusMinus, profiles, ratio, topologies, uniform, workloads } from "../../src/index.ts";

export const okSingleGpu = defineSweep({
  name: "typed-single-gpu",
  grid: { ctx: log2Range(2048, 8192), gpu: profiles("h100-80gb", "b200-projected") },
  uncertain: {
    power_factor: { target: "power_scale", dist: plusMinus(0.15), vary: "perGpu" },
    b200_w: { target: "w", dist: plusMinus(0.2), where: { gpu: "b200-projected" } },
  },
  samples: 16,
  metrics: ["tok_per_w", "power_w"],
  derived: {
    gain: ratio("tok_per_w", { gpu: "b200-projected" }, { gpu: "h100-80gb" }),
    slope: { across: ["ctx"], unit: "1", value: (cell) => cell({ ctx: 8192 }).tok_per_w / cell({ ctx: 2048 }).n_max },
  },
  method: "sobol",
  sensitivity: { metrics: ["tok_per_w", "gain", "slope"] },
});

export const okFleet = defineSweep({
  name: "typed-fleet",
  evaluator: "fleet",
  grid: { workload: workloads("azure"), gpu: profiles("h100-80gb"), topology: topologies("homo", "fleetopt") },
  uncertain: { lam: { target: "lam", dist: plusMinus(0.1), where: { topology: ["homo", "fleetopt"] } } },
  metrics: ["tok_per_w", "gpus", "des_slo_met"],
  derived: {
    routing_gain: ratio("cost_per_mil", { topology: "fleetopt" }, { topology: "homo" }),
    fewer_gpus: { across: ["topology"], value: (cell) => cell({ topology: "homo" }).gpus - cell({ topology: "fleetopt" }).gpus },
  },
  method: "morris",
  samples: 4,
  sensitivity: { metrics: ["gpus", "routing_gain"] },
});

export const okExplicitSingleGpu = defineSweep({
  name: "typed-explicit",
  evaluator: "singleGpu",
  grid: { ctx: [2048], gpu: profiles("h100-80gb") },
  uncertain: { slots: { target: "max_slots", dist: uniform(0.5, 1), apply: "scale" } },
  metrics: ["n_max"],
});

export const unknownEvaluator = defineSweep({
  name: "typo",
  // @ts-expect-error: not a built-in evaluator
  evaluator: "flet",
  grid: { ctx: [2048], gpu: profiles("h100-80gb") },
});

export const unknownSingleGpuTarget = defineSweep({
  name: "typo",
  grid: { ctx: [2048], gpu: profiles("h100-80gb") },
  // @ts-expect-error: singleGpu has no target power_scal
  uncertain: { p: { target: "power_scal", dist: uniform(0.9, 1.1) } },
});

export const fleetTargetOnSingleGpu = defineSweep({
  name: "typo",
  grid: { ctx: [2048], gpu: profiles("h100-80gb") },
  // @ts-expect-error: lam is a fleet target, not a singleGpu one
  uncertain: { p: { target: "lam", dist: uniform(0.9, 1.1) } },
});

export const unknownFleetTarget = defineSweep({
  name: "typo",
  evaluator: "fleet",
  grid: { workload: workloads("azure"), gpu: profiles("h100-80gb"), topology: topologies("homo") },
  // @ts-expect-error: the fleet evaluator has no target lcal (a singleGpu one)
  uncertain: { p: { target: "lcal", dist: uniform(0.9, 1.1) } },
});

export const missingTarget = defineSweep({
  name: "typo",
  grid: { ctx: [2048], gpu: profiles("h100-80gb") },
  // @ts-expect-error: a built-in evaluator needs a target (only user models default it to the entry's name)
  uncertain: { beta: { dist: uniform(0, 0.2) } },
});

export const unknownSingleGpuMetric = defineSweep({
  name: "typo",
  grid: { ctx: [2048], gpu: profiles("h100-80gb") },
  // @ts-expect-error: singleGpu has no metric tok_per_watt
  metrics: ["tok_per_w", "tok_per_watt"],
});

export const fleetMetricOnSingleGpu = defineSweep({
  name: "typo",
  grid: { ctx: [2048], gpu: profiles("h100-80gb") },
  // @ts-expect-error: gpus is a fleet metric
  metrics: ["gpus"],
});

export const unknownFleetMetric = defineSweep({
  name: "typo",
  evaluator: "fleet",
  grid: { workload: workloads("azure"), gpu: profiles("h100-80gb"), topology: topologies("homo") },
  // @ts-expect-error: the fleet evaluator has no metric power_w (it reports power_kw)
  metrics: ["power_w"],
});

export const unknownRatioMetric = defineSweep({
  name: "typo",
  grid: { ctx: [2048], gpu: profiles("h100-80gb", "b200-projected") },
  // @ts-expect-error: ratio() of a metric singleGpu does not have
  derived: { gain: ratio("tok_per_j", { gpu: "b200-projected" }, { gpu: "h100-80gb" }) },
});

export const unknownRatioDimension = defineSweep({
  name: "typo",
  grid: { ctx: [2048], gpu: profiles("h100-80gb", "b200-projected") },
  // @ts-expect-error: ratio() across a dimension the grid does not have
  derived: { gain: ratio("tok_per_w", { gpus: "b200-projected" }, { gpus: "h100-80gb" }) },
});

export const unknownAcross = defineSweep({
  name: "typo",
  grid: { ctx: [2048, 4096], gpu: profiles("h100-80gb") },
  // @ts-expect-error: across names a dimension the grid does not have
  derived: { drop: { across: ["context"], value: (cell) => cell({ ctx: 4096 }).tok_per_w } },
});

export const unknownCellMetric = defineSweep({
  name: "typo",
  grid: { ctx: [2048, 4096], gpu: profiles("h100-80gb") },
  derived: {
    // @ts-expect-error: a cell has no metric tok_per_watt
    drop: { across: ["ctx"], value: (cell) => cell({ ctx: 4096 }).tok_per_watt },
  },
});

export const unknownCellDimension = defineSweep({
  name: "typo",
  grid: { ctx: [2048, 4096], gpu: profiles("h100-80gb") },
  derived: {
    // @ts-expect-error: a cell lookup selects by a dimension the grid does not have
    drop: { across: ["ctx"], value: (cell) => cell({ context: 4096 }).tok_per_w },
  },
});

export const unknownWhere = defineSweep({
  name: "typo",
  grid: { ctx: [2048], gpu: profiles("h100-80gb", "b200-projected") },
  // @ts-expect-error: where names a dimension the grid does not have
  uncertain: { p: { target: "power_scale", dist: uniform(0.9, 1.1), where: { gpus: "b200-projected" } } },
});

export const unknownIndexMetric = defineSweep({
  name: "typo",
  grid: { ctx: [2048], gpu: profiles("h100-80gb", "b200-projected") },
  uncertain: { p: { target: "power_scale", dist: uniform(0.9, 1.1) } },
  derived: { gain: ratio("tok_per_w", { gpu: "b200-projected" }, { gpu: "h100-80gb" }) },
  method: "sobol",
  // @ts-expect-error: indices of a name that is neither a metric nor derived
  sensitivity: { metrics: ["gains"] },
});

export const unknownField = defineSweep({
  name: "typo",
  grid: { ctx: [2048], gpu: profiles("h100-80gb") },
  // @ts-expect-error: SweepDefinition has no field sample (it is samples)
  sample: 100,
});

export const wrongFieldType = defineSweep({
  name: "typo",
  grid: { ctx: [2048], gpu: profiles("h100-80gb") },
  // @ts-expect-error: samples is a number
  samples: "100",
});
