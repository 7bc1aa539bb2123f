// The singleGpu evaluator: Table 1's quantities (MODEL.md §7, with §11's beta) for each
// (grid point, sample) through the Float64Array kernel of src/kernel.
import { badInput, InputError } from "../errors.ts";
import {
  allocateColumns, evaluateSingleGpu, KERNEL_INPUTS, KERNEL_OUTPUTS, setProfileRow,
  type KernelInputName, type KernelInputs, type KernelOutputs,
} from "../kernel/index.ts";
import { dimProfile, profileDim, type ChunkRunner, type Evaluator, type Target } from "./evaluator.ts";
import { coord, type Plan, type PlanDim } from "./plan.ts";

const INPUT_UNITS: Record<KernelInputName, string> = {
  ctx: "tokens", W: "s", H: "s", Lcal: "tokens", blk: "tokens", kvBlocks: "blocks", maxSlots: "sequences",
  pIdle: "W", pNom: "W", k: "1/doubling", x0: "log2(sequences)", powerScale: "1", beta: "1",
};

const TARGETS: Record<string, Target> = Object.fromEntries(
  KERNEL_INPUTS.filter((n) => n !== "ctx").map((n) => [n, { unit: INPUT_UNITS[n], apply: n === "beta" ? "set" : "scale" }]),
);

function inputIndex(name: string): number {
  return (KERNEL_INPUTS as readonly string[]).indexOf(name);
}

function createRunner(plan: Plan): ChunkRunner {
  const pd = plan.dims.findIndex((d) => d.kind === "profile" || d.kind === "gpu");
  // One base input row per profile value; numeric dimensions then override their input.
  const width = KERNEL_INPUTS.length;
  const profileRows = plan.dims[pd].values.map((v) => {
    const one = allocateColumns(KERNEL_INPUTS, 1);
    setProfileRow(one, 0, dimProfile(plan.dims[pd], String(v)));
    one.powerScale[0] = 1;
    return Float64Array.from(KERNEL_INPUTS, (n) => one[n][0]);
  });
  const overrides = plan.dims.flatMap((d, i) => (d.kind === "number" ? [[i, inputIndex(d.name)]] : []));
  const targets = plan.perturbations.map((p) => inputIndex(p.target));
  const scales = plan.perturbations.map((p) => p.apply === "scale");
  const base = new Float64Array(width);
  let inputs: KernelInputs = allocateColumns(KERNEL_INPUTS, 0);
  let cols: Float64Array[] = [];
  const S = plan.samples;

  return {
    run(p0, p1, draws, out) {
      const rows = (p1 - p0) * S;
      if (inputs.ctx.length < rows) {
        inputs = allocateColumns(KERNEL_INPUTS, rows);
        cols = KERNEL_INPUTS.map((n) => inputs[n]);
      }
      for (let p = p0; p < p1; p++) {
        base.set(profileRows[coord(plan, p, pd)]);
        for (const [d, i] of overrides) base[i] = plan.dims[d].values[coord(plan, p, d)] as number;
        const r0 = (p - p0) * S;
        for (let i = 0; i < width; i++) cols[i].fill(base[i], r0, r0 + S);
        for (let j = 0; j < targets.length; j++) {
          const col = cols[targets[j]];
          const dj = draws[j];
          if (scales[j]) {
            for (let r = r0; r < r0 + S; r++) if (dj[r] === dj[r]) col[r] *= dj[r];
          } else {
            for (let r = r0; r < r0 + S; r++) if (dj[r] === dj[r]) col[r] = dj[r];
          }
        }
      }
      const outputs = Object.fromEntries(KERNEL_OUTPUTS.map((n, m) => [n, out[m]])) as KernelOutputs;
      evaluateSingleGpu(inputs, outputs, 0, rows);
    },
  };
}

export const singleGpuEvaluator: Evaluator = {
  name: "singleGpu",
  metrics: { nMax: "sequences", iter: "s", tokS: "tok/s", power: "W", tokPerW: "tok/J" },
  targets: TARGETS,
  checkDims(dims: readonly PlanDim[], where: string) {
    const pd = profileDim(dims, where, "singleGpu");
    for (const v of pd.values) {
      try {
        setProfileRow(allocateColumns(KERNEL_INPUTS, 1), 0, dimProfile(pd, String(v)));
      } catch (err) {
        if (err instanceof InputError) badInput(where, `grid.${pd.name}`, v, err.message);
        throw err;
      }
    }
    for (const d of dims) {
      if (d.kind === "workload" || d.kind === "topology") {
        badInput(where, `grid.${d.name}`, d.kind, "workloads and topologies need evaluator: \"fleet\"");
      }
      if (d.kind === "number" && inputIndex(d.name) < 0) {
        badInput(where, `grid.${d.name}`, d.name, `not a kernel input; numeric dimensions must be one of ${KERNEL_INPUTS.join(", ")}`);
      }
    }
    if (!dims.some((d) => d.name === "ctx" && d.kind === "number")) {
      badInput(where, "grid.ctx", undefined, "the singleGpu evaluator needs a ctx dimension (context window, tokens)");
    }
  },
  dimUnit: (d) => (d.kind === "number" && inputIndex(d.name) >= 0 ? INPUT_UNITS[d.name as KernelInputName] : ""),
  runner: createRunner,
};
