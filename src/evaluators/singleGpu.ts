// The singleGpu evaluator: Table 1's quantities (docs/model.md §7, with §11's beta) for each
// (grid point, sample) through the Float64Array kernel of src/kernel.
import { SINGLE_GPU_METRICS, SINGLE_GPU_TARGETS, type SingleGpuMetric } from "../definition/index.ts";
import { badInput, InputError } from "../errors.ts";
import {
  allocateColumns, evaluateSingleGpu, kernelInputOf, KERNEL_INPUTS, KERNEL_OUTPUTS, setProfileRow, SWEEP_INPUT_NAMES, sweepInputIndex,
  type KernelInputName, type KernelInputs,
} from "../kernel/index.ts";
import { modelProfile } from "../model/index.ts";
import { applies, coord, dimProfile, profileDim, type ChunkRunner, type Evaluator, type Plan, type PlanDim, type Target } from "../plan/index.ts";

const INPUT_UNITS: Record<KernelInputName, string> = {
  ctx: "tokens", W: "s", H: "s", C: "s", Lcal: "tokens", blk: "tokens", kvBlocks: "blocks", maxSlots: "sequences",
  pIdle: "W", pNom: "W", k: "1/doubling", x0: "log2(sequences)", powerScale: "1", beta: "1",
  slotRule: "0 manual, 1 computed", tdp: "W", computeCoef: "FLOP per token", flops: "FLOP/s",
};

const TARGETS: Record<string, Target> = Object.fromEntries(SINGLE_GPU_TARGETS.map((t) => {
  const n = kernelInputOf(t)!;
  return [t, { unit: INPUT_UNITS[n], apply: n === "beta" ? "set" : "scale" }];
}));

const METRIC_UNITS: Record<SingleGpuMetric, string> = { n_max: "sequences", iter_s: "s", tok_s: "tok/s", power_w: "W", tok_per_w: "tok/J" };

/**
 * From this many samples per point on, the kernel runs point by point with its unperturbed
 * inputs as length-1 columns: only perturbed inputs take a column per row (memory stays
 * small for huge sample counts); below it, one kernel call covers the chunk.
 */
const PER_POINT_MIN_SAMPLES = 64;

/** The profile of a profile/GPU value, or of model m of the models(...) dimension on that GPU. */
function pointProfile(dims: readonly PlanDim[], pd: number, md: number, value: string, m: number) {
  return md < 0 ? dimProfile(dims[pd], value) : modelProfile(value, String(dims[md].values[m]));
}

function createRunner(plan: Plan): ChunkRunner {
  const pd = plan.dims.findIndex((d) => d.kind === "profile" || d.kind === "gpu");
  const md = plan.dims.findIndex((d) => d.kind === "model");
  const modelCount = md < 0 ? 1 : plan.dims[md].values.length;
  // One base input row per profile (per GPU × model with models(...)); numeric dimensions then override their input.
  const width = KERNEL_INPUTS.length;
  const profileRows = plan.dims[pd].values.flatMap((v) =>
    Array.from({ length: modelCount }, (_, m) => {
      const one = allocateColumns(KERNEL_INPUTS, 1);
      setProfileRow(one, 0, pointProfile(plan.dims, pd, md, String(v), m));
      one.powerScale[0] = 1;
      return Float64Array.from(KERNEL_INPUTS, (n) => one[n][0]);
    }));
  const profileRow = (p: number) => coord(plan, p, pd) * modelCount + (md < 0 ? 0 : coord(plan, p, md));
  const overrides = plan.dims.flatMap((d, i) => (d.kind === "number" ? [[i, sweepInputIndex(d.name)]] : []));
  const targets = plan.perturbations.map((p) => sweepInputIndex(p.target));
  const scales = plan.perturbations.map((p) => p.apply === "scale");
  const perPoint = plan.samples >= PER_POINT_MIN_SAMPLES;
  let S = plan.samples; // samples per point in the current chunk (fewer for a sample range)
  const columnar = KERNEL_INPUTS.map((_, i) => !perPoint || targets.includes(i));
  const base = new Float64Array(width);
  const single = KERNEL_INPUTS.map(() => new Float64Array(1));
  let cols: Float64Array[] = KERNEL_INPUTS.map(() => new Float64Array(0));

  /**
   * Point p's inputs: base values into `base` (and the length-1 columns), per-sample columns
   * from row r0 where columnar, perturbed by the draws from row d0.
   */
  const filled = new Uint8Array(width);
  const fillPoint = (p: number, r0: number, draws: readonly Float64Array[], d0: number) => {
    base.set(profileRows[profileRow(p)]);
    for (const [d, i] of overrides) base[i] = plan.dims[d].values[coord(plan, p, d)] as number;
    for (let i = 0; i < width; i++) if (!columnar[i]) single[i][0] = base[i];
    filled.fill(0);
    const shift = d0 - r0;
    const end = r0 + S; // a local bound: S is reassigned per chunk, so the loops would re-read it
    for (let j = 0; j < targets.length; j++) {
      if (!applies(plan, j, p)) continue; // its draws here are all NaN: nothing to apply
      const t = targets[j];
      const col = cols[t];
      const dj = draws[j];
      const b = base[t];
      // the first draw on a column writes base × draw (or the draw) where it would have filled base and then applied it
      if (scales[j] && !filled[t]) {
        for (let r = r0; r < end; r++) {
          const v = dj[r + shift];
          col[r] = v === v ? b * v : b;
        }
      } else if (!filled[t]) {
        for (let r = r0; r < end; r++) {
          const v = dj[r + shift];
          col[r] = v === v ? v : b;
        }
      } else if (scales[j]) {
        for (let r = r0; r < end; r++) {
          const v = dj[r + shift];
          if (v === v) col[r] *= v;
        }
      } else {
        for (let r = r0; r < end; r++) {
          const v = dj[r + shift];
          if (v === v) col[r] = v;
        }
      }
      filled[t] = 1;
    }
    for (let i = 0; i < width; i++) if (columnar[i] && !filled[i]) cols[i].fill(base[i], r0, r0 + S);
  };
  const record = <N extends string>(names: readonly N[], at: (i: number) => Float64Array) =>
    Object.fromEntries(names.map((n, i) => [n, at(i)])) as Record<N, Float64Array>;

  return {
    writesEveryRow: true,
    run(p0, p1, draws, out, _s0, constant) {
      S = out[0].length / (p1 - p0);
      const rows = (p1 - p0) * S;
      // per point, the columns hold one point; otherwise the whole chunk
      const need = perPoint ? S : rows;
      if (cols.some((c, i) => columnar[i] && c.length < need)) cols = KERNEL_INPUTS.map((_, i) => new Float64Array(columnar[i] ? need : 0));
      // the columns the kernel reads: per-row where columnar, else the length-1 `single` ones
      const inputs: KernelInputs = record(KERNEL_INPUTS, (i) => (columnar[i] ? cols[i] : single[i]));
      if (!perPoint) {
        for (let p = p0; p < p1; p++) fillPoint(p, (p - p0) * S, draws, (p - p0) * S);
        evaluateSingleGpu(inputs, record(KERNEL_OUTPUTS, (m) => out[m]), 0, rows);
        return;
      }
      const M = out.length; // constant's marks, per point: one per metric (the kernel's outputs, in order)
      for (let p = p0; p < p1; p++) {
        const r0 = (p - p0) * S;
        fillPoint(p, 0, draws, r0);
        const single = evaluateSingleGpu(inputs, record(KERNEL_OUTPUTS, (m) => out[m].subarray(r0, r0 + S)), 0, S, constant !== undefined);
        for (let m = 0; m < M; m++) if (single & (1 << m)) constant![(p - p0) * M + m] = 1;
      }
    },
  };
}

/** Longer than any model's context window: beyond it a grid point computes nothing real. */
const MAX_CTX = 2 ** 24;

export const singleGpuEvaluator: Evaluator = {
  name: "singleGpu",
  chunkRows: 65536, // single-GPU rows are cheap: larger chunks keep the round trip to a worker small beside the compute (the bench's sweep_samples_per_s_1w)
  // in the kernel's output order (KERNEL_OUTPUTS)
  metrics: Object.fromEntries(SINGLE_GPU_METRICS.map((m) => [m, METRIC_UNITS[m]])),
  countMetrics: ["n_max"],
  // the kernel's tokPerW is rate / power, row by row (storeRow, evaluateScaledOnly)
  quotients: { tok_per_w: ["tok_s", "power_w"] },
  targets: TARGETS,
  checkDims(dims: readonly PlanDim[], where: string) {
    const pd = profileDim(dims, where, "singleGpu");
    const modelDims = dims.filter((d) => d.kind === "model");
    if (modelDims.length > 1) badInput(where, "grid", `${modelDims.length} model dimensions`, "at most one models(...) dimension");
    if (modelDims.length === 1 && pd.kind !== "gpu") {
      badInput(where, `grid.${pd.name}`, pd.kind, "models(...) are served on gpus(...), not on profiles(...)");
    }
    const md = dims.indexOf(modelDims[0]);
    for (const v of pd.values) {
      for (let m = 0; m < (md < 0 ? 1 : dims[md].values.length); m++) {
        try {
          setProfileRow(allocateColumns(KERNEL_INPUTS, 1), 0, pointProfile(dims, dims.indexOf(pd), md, String(v), m));
        } catch (err) {
          if (err instanceof InputError) badInput(where, `grid.${pd.name}`, v, err.message);
          throw err;
        }
      }
    }
    for (const d of dims) {
      if (d.kind === "workload" || d.kind === "topology") {
        badInput(where, `grid.${d.name}`, d.kind, "workloads and topologies need evaluator: \"fleet\"");
      }
      if (d.name === "ctx") {
        for (const v of d.values) {
          if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > MAX_CTX) {
            badInput(where, "grid.ctx", v, `a context window must be a whole number of tokens from 1 to ${MAX_CTX} (2^24)`);
          }
        }
      }
      if (d.kind === "number" && sweepInputIndex(d.name) < 0) {
        badInput(where, `grid.${d.name}`, d.name, `not a kernel input; numeric dimensions must be one of ${SWEEP_INPUT_NAMES.join(", ")}`);
      }
    }
    if (!dims.some((d) => d.name === "ctx" && d.kind === "number")) {
      badInput(where, "grid.ctx", undefined, "the singleGpu evaluator needs a ctx dimension (context window, tokens)");
    }
  },
  dimUnit: (d) => {
    const input = d.kind === "number" ? kernelInputOf(d.name) : undefined;
    return input === undefined ? "" : INPUT_UNITS[input];
  },
  runner: createRunner,
};
