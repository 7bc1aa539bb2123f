// The name lists that type built-in sweeps (src/definition/builtins.ts, checked at compile time by
// test/sweep/builtinTypes.ts) are the ones the evaluators run with: same metrics in the same
// column order, same targets, and the planner accepts exactly those names.
import { describe, expect, it } from "vitest";
import {
  BUILTIN_EVALUATORS, FLEET_METRICS, FLEET_TARGETS, SINGLE_GPU_METRICS, SINGLE_GPU_TARGETS, type SweepDefinition,
} from "../../src/definition/index.ts";
import { fleetEvaluator } from "../../src/evaluators/fleet.ts";
import { EVALUATORS } from "../../src/evaluators/index.ts";
import { singleGpuEvaluator } from "../../src/evaluators/singleGpu.ts";
import { snakeCase } from "../../src/io/columns.ts";
import { KERNEL_OUTPUTS, SWEEP_INPUT_NAMES } from "../../src/kernel/index.ts";
import { planSweep, profiles, topologies, uniform, workloads } from "../../src/sweep/index.ts";
import * as typed from "./builtinTypes.ts";

const singleGpu = (extra: Partial<SweepDefinition>): SweepDefinition =>
  ({ name: "names", grid: { ctx: [2048], gpu: profiles("h100-80gb") }, ...extra });
const fleet = (extra: Partial<SweepDefinition>): SweepDefinition => ({
  name: "names", evaluator: "fleet", grid: { workload: workloads("azure"), gpu: profiles("h100-80gb"), topology: topologies("homo") }, ...extra,
});
const perturbing = (targets: readonly string[]) => Object.fromEntries(targets.map((t) => [`u_${t}`, { target: t, dist: uniform(0.9, 1.1) }]));

describe("built-in evaluator names", () => {
  it("the registry holds exactly the evaluators the types allow", () => {
    expect(Object.keys(EVALUATORS)).toEqual([...BUILTIN_EVALUATORS]);
  });

  it("singleGpu: metrics in the kernel's output order, targets = the kernel inputs but ctx and slot_rule", () => {
    expect(Object.keys(singleGpuEvaluator.metrics)).toEqual([...SINGLE_GPU_METRICS]);
    // nMax → n_max, iter → iter_s, tokS → tok_s, power → power_w, tokPerW → tok_per_w
    expect(SINGLE_GPU_METRICS.map((m, i) => m.startsWith(snakeCase(KERNEL_OUTPUTS[i])))).toEqual(KERNEL_OUTPUTS.map(() => true));
    expect(SINGLE_GPU_METRICS).toHaveLength(KERNEL_OUTPUTS.length);
    expect(Object.keys(singleGpuEvaluator.targets)).toEqual([...SINGLE_GPU_TARGETS]);
    expect(SWEEP_INPUT_NAMES.filter((n) => n !== "ctx" && n !== "slot_rule")).toEqual([...SINGLE_GPU_TARGETS]);
  });

  it("fleet: metrics and targets are the listed ones, in order", () => {
    expect(Object.keys(fleetEvaluator.metrics)).toEqual([...FLEET_METRICS]);
    expect(Object.keys(fleetEvaluator.targets)).toEqual([...FLEET_TARGETS]);
  });

  it("the planner accepts every listed target and metric, and rejects a name off the list", () => {
    const s = planSweep(singleGpu({ uncertain: perturbing(SINGLE_GPU_TARGETS), metrics: [...SINGLE_GPU_METRICS] }));
    expect(s.perturbations.map((p) => p.target)).toEqual([...SINGLE_GPU_TARGETS]);
    expect(s.metrics).toEqual([...SINGLE_GPU_METRICS]);
    const f = planSweep(fleet({ uncertain: perturbing(FLEET_TARGETS), metrics: [...FLEET_METRICS] }));
    expect(f.perturbations.map((p) => p.target)).toEqual([...FLEET_TARGETS]);
    expect(f.metrics).toEqual([...FLEET_METRICS]);
    expect(() => planSweep(singleGpu({ uncertain: perturbing(["lam"]) }))).toThrow("uncertain.u_lam.target");
    expect(() => planSweep(fleet({ uncertain: perturbing(["lcal"]) }))).toThrow("uncertain.u_lcal.target");
    expect(() => planSweep(singleGpu({ metrics: ["gpus"] }))).toThrow(/metrics/);
    expect(() => planSweep(singleGpu({ evaluator: "flet" }))).toThrow(/evaluator/);
  });

  it("the planner agrees with the types: it plans the typed sweeps and rejects each typo tsc rejects, naming it", () => {
    // a cell lookup's typo shows only when the derived metric runs (test/sweep/errors.test.ts)
    const rejected: Record<string, string> = {
      unknownEvaluator: 'evaluator = "flet"', unknownSingleGpuTarget: '"power_scal"', fleetTargetOnSingleGpu: '"lam"',
      unknownFleetTarget: '"lcal"', missingTarget: "uncertain.beta.target = (missing)", unknownSingleGpuMetric: '"tok_per_watt"',
      fleetMetricOnSingleGpu: '"gpus"', unknownFleetMetric: '"power_w"', unknownRatioMetric: '"tok_per_j"',
      unknownRatioDimension: 'across = "gpus"', unknownAcross: 'across = "context"', unknownWhere: 'where = "gpus"',
      unknownIndexMetric: "gains", unknownField: "sample = ", wrongFieldType: 'samples = "100"',
    };
    for (const [name, def] of Object.entries(typed)) {
      if (name.startsWith("ok")) expect(planSweep(def as SweepDefinition).points, name).toBeGreaterThan(0);
      else if (!name.startsWith("unknownCell")) expect(() => planSweep(def as SweepDefinition), name).toThrow(rejected[name]);
    }
    expect(Object.keys(typed).filter((n) => !n.startsWith("ok") && !n.startsWith("unknownCell")).sort()).toEqual(Object.keys(rejected).sort());
  });
});
