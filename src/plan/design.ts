// The sensitivity design of a plan (method "sobol" or "morris"): its inputs and sizes.
// Inputs are the independent draw streams the grid uses: a shared parameter is one input, a
// perGpu one is one input per GPU it applies to, named power_factor[h100-80gb]. Every grid
// point runs the same design rows (row s of the design is sample s of every point), so a
// point's indices are over all inputs; those that do not apply there come out as exactly 0.
// perPoint parameters are refused: each grid point would be its own input, and the design's
// dimension would grow with the grid.
import { badInput } from "../errors.ts";
import type { SensitivityOptions, SweepDefinition } from "../definition/index.ts";
import { nameHash } from "./names.ts";
import type { DesignInput, PlanDesign, PlanDim, PlanPerturbation } from "./types.ts";

const OPTIONS = ["metrics", "secondOrder", "levels", "resamples", "confidence"];

/** The stream of a perGpu parameter at GPU/profile value v (shared parameters use stream 0). */
export function gpuStream(value: string): number {
  return nameHash(value);
}

export function buildDesign(def: SweepDefinition, where: string, method: "sobol" | "morris", base: number,
  dims: readonly PlanDim[], perturbations: readonly PlanPerturbation[], banded: readonly string[]): PlanDesign {
  const o: SensitivityOptions = def.sensitivity ?? {};
  for (const key of Object.keys(o)) if (!OPTIONS.includes(key)) badInput(where, `sensitivity.${key}`, "", `unknown option; valid: ${OPTIONS.join(", ")}`);
  const replicate = dims.find((d) => d.kind === "replicate");
  if (replicate !== undefined) badInput(where, `grid.${replicate.name}`, "replicates", `a ${method} design is one fixed set of points; replicates need method monteCarlo or latinHypercube`);
  const inputs: DesignInput[] = [];
  perturbations.forEach((p, j) => {
    const field = `uncertain.${p.name}`;
    if (p.vary === "perPoint") badInput(where, `${field}.vary`, "perPoint", `method ${method} needs shared or perGpu draws (each grid point would be an input of its own)`);
    if (method === "morris" && p.dist.kind === "normal") {
      badInput(where, `${field}.dist`, "normal", "Morris levels include 0 and 1, so method morris needs bounded distributions");
    }
    if (p.vary === "shared") {
      inputs.push({ name: p.name, perturbation: j, stream: 0 });
      return;
    }
    const d = dims.findIndex((x) => x.kind === "profile" || x.kind === "gpu");
    dims[d].values.forEach((v, at) => {
      if (p.where[d] === null || p.where[d]!.has(at)) inputs.push({ name: `${p.name}[${v}]`, perturbation: j, stream: gpuStream(String(v)) });
    });
  });
  if (inputs.length === 0) badInput(where, "uncertain", "{}", `method ${method} needs at least one uncertain parameter`);
  const metrics = o.metrics === undefined ? [...banded] : o.metrics;
  if (!Array.isArray(metrics) || metrics.length === 0) badInput(where, "sensitivity.metrics", metrics, "must name at least one metric");
  const columns = metrics.map((m) => {
    const c = banded.indexOf(m);
    if (c < 0) badInput(where, "sensitivity.metrics", m, `not a reported or derived metric; valid: ${banded.join(", ")}`);
    return c;
  });
  const secondOrder = o.secondOrder ?? false;
  if (typeof secondOrder !== "boolean") badInput(where, "sensitivity.secondOrder", secondOrder, "must be true or false");
  if (secondOrder && method !== "sobol") badInput(where, "sensitivity.secondOrder", secondOrder, "second-order indices need method sobol");
  const levels = o.levels ?? 4;
  if (!Number.isInteger(levels) || levels < 2 || levels % 2 !== 0 || levels > 64) badInput(where, "sensitivity.levels", levels, "must be an even integer in 2..64");
  const resamples = o.resamples ?? 1000;
  if (!Number.isInteger(resamples) || resamples < 10 || resamples > 100000) badInput(where, "sensitivity.resamples", resamples, "must be an integer in 10..100000");
  const confidence = o.confidence ?? 0.95;
  if (!(typeof confidence === "number" && confidence > 0 && confidence < 1)) badInput(where, "sensitivity.confidence", confidence, "must lie strictly between 0 and 1");
  const k = inputs.length;
  if (base < 2) badInput(where, "samples", base, `method ${method} needs at least 2 ${method === "sobol" ? "base samples" : "trajectories"}`);
  const rows = method === "sobol" ? base * (secondOrder ? 2 * k + 2 : k + 2) : base * (k + 1);
  return { method, inputs, base, secondOrder, levels, resamples, confidence, columns, rows };
}
