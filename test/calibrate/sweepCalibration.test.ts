// calibrate from a context sweep at the server's concurrency. In the model's family the fit
// recovers the truth within its standard errors (and the errors are the right size); out of
// it, the diagnosis names the residual pattern and the per-sequence extension is supported
// and recovers its own truth. The written profile validates against its file and runs in sweeps.
import type { OutStream } from "../../src/cli/io.ts";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { DEFAULT_ALPHA_RANGES } from "../../src/calibrate/alpha.ts";
import { readContextSweep } from "../../src/calibrate/contextSweep.ts";
import { kvBlocksBestFit } from "../../src/calibrate/kvBestFit.ts";
import { kvBlocksInterval } from "../../src/calibrate/kvCapacity.ts";
import { calibrateSweep, type SweepCalibrationOptions } from "../../src/calibrate/sweepCalibration.ts";
import { fitIteration } from "../../src/calibrate/sweepFit.ts";
import { runSweepValidation } from "../../src/calibrate/validateSweepFile.ts";
import { runSweepCalibration } from "../../src/cli/calibrateSweep.ts";
import { InputError } from "../../src/errors.ts";
import { loadProfileFile, nSlots, profileByName, singleGpuPoint, type Profile } from "../../src/model/index.ts";
import { planSweep } from "../../src/sweep/index.ts";
import { computeChunk } from "../../src/execute/chunk.ts";
import { COLUMNS, computeBoundCsv, computeBoundTruth, CONTEXTS, inFamilyCsv, truthProfile } from "./contextSweepSynthetic.ts";

const dir = mkdtempSync(join(tmpdir(), "wattsweep-sweepcal-"));
const H200 = new URL("../fixtures/measurements/synthetic-h200-context-sweep-at-max-concurrency.csv", import.meta.url).pathname;
const H200_COLUMNS = "context=context_tokens,concurrency=max_concurrency,tok_s=node_decode_tok_s,power=per_gpu_power_w,gpus=gpus";
const mapping = (spec: string) => Object.fromEntries(spec.split(",").map((kv) => kv.split("=")));
const truth = truthProfile();
const NOISE = { tokS: 0.02, power: 0.015 };

const opts = (o: Partial<SweepCalibrationOptions> = {}): SweepCalibrationOptions => ({
  Lcal: truth.Lcal, model: "roofline", idle: { watts: 300, from: "test" },
  shape: { slotRule: "computed", blk: 16, Lcal: truth.Lcal, maxSlots: truth.maxSlots }, ...o,
});

async function sweepOf(text: string, name: string, columns = COLUMNS) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return readContextSweep(path, mapping(columns));
}

/** Captures what a command prints. */
/** Runs f with a stream that collects what it prints. */
async function quietly<T>(f: (stream: OutStream) => Promise<T>): Promise<{ value: T; out: string }> {
  let out = "";
  const value = await f({ write: (c: string) => (out += c) });
  return { value, out };
}

const param = (fit: { params: Array<{ name: string; value: number; stderr: number }> }, name: string) => fit.params.find((p) => p.name === name)!;

describe("calibrate: in the model's family", () => {
  it("noise-free: W, H and the KV capacity exactly, no finding against the roofline", async () => {
    const c = calibrateSweep(await sweepOf(inFamilyCsv(truth, CONTEXTS, { tokS: 0, power: 0 }, 1), "exact.csv"), opts());
    expect(param(c.roofline, "W").value).toBeCloseTo(truth.W, 8);
    expect(param(c.roofline, "H").value / truth.H).toBeCloseTo(1, 6);
    expect(c.diagnosis.fits).toBe(true);
    expect(c.kv.exact).toBe(true);
    expect(c.kv.lo).toBeLessThanOrEqual(truth.kvBlocks);
    expect(c.kv.hi).toBeGreaterThanOrEqual(truth.kvBlocks);
    // rows at the server's cap bound kvBlocks from below only (and more loosely here); the KV-bound rows set the interval
    const kvBound = c.kv.rows.filter((r) => r.n < truth.maxSlots).map((r) => ({ ctx: r.ctx, nMax: r.n, tokS: 1, line: r.line }));
    const exact = kvBlocksInterval(kvBound, 16, truth.Lcal, undefined);
    expect([c.kv.lo, c.kv.hi]).toEqual([exact.lo, exact.hi]);
  });

  it("2 % noise: the truth within three standard errors; the power curve within its errors", async () => {
    const c = calibrateSweep(await sweepOf(inFamilyCsv(truth, CONTEXTS, NOISE, 21), "noisy.csv"), opts());
    for (const [name, t] of [["W", truth.W], ["H", truth.H]] as const) {
      const p = param(c.roofline, name);
      expect(Math.abs(p.value - t) / p.stderr, name).toBeLessThan(3);
    }
    const pw = truth.power as { pNom: number; k: number; x0: number };
    for (const [name, t] of [["P_nom", pw.pNom], ["k", pw.k], ["x0", pw.x0]] as const) {
      const p = param(c.power!, name);
      expect(Math.abs(p.value - t) / p.stderr, name).toBeLessThan(3);
    }
    expect(c.diagnosis.fits).toBe(true);
    expect(c.diagnosis.extension.supported).toBe(false);
  });

  it("the standard errors are the right size: |estimate − truth| < se in about 68 % of 300 sweeps", async () => {
    let withinW = 0;
    let withinH = 0;
    let extension = 0;
    const N = 300;
    for (let seed = 1; seed <= N; seed++) {
      const s = await sweepOf(inFamilyCsv(truth, CONTEXTS, { tokS: 0.02, power: 0 }, 1000 + seed), "many.csv");
      const pts = s.rows.map((r) => ({ line: r.line, ctx: r.ctx, n: r.n, tokS: r.tokS }));
      const roof = fitIteration(pts, truth.Lcal, "roofline");
      if (Math.abs(param(roof, "W").value - truth.W) < param(roof, "W").stderr) withinW++;
      if (Math.abs(param(roof, "H").value - truth.H) < param(roof, "H").stderr) withinH++;
      const { extensionTest } = await import("../../src/calibrate/sweepDiagnosis.ts");
      if (extensionTest(roof, fitIteration(pts, truth.Lcal, "per-sequence")).p < 0.01) extension++;
    }
    // 68 % ± 2.7 % binomial sd over 300; t with 6 dof makes 1 se a 64 % interval: accept 0.56–0.76
    expect(withinW / N).toBeGreaterThan(0.56);
    expect(withinW / N).toBeLessThan(0.76);
    expect(withinH / N).toBeGreaterThan(0.56);
    expect(withinH / N).toBeLessThan(0.76);
    // the F test at 1 % rejects the true (roofline) model in about 1 % of sweeps
    expect(extension / N).toBeLessThan(0.04);
  });
});

describe("calibrate: out of the model's family", () => {
  it("compute-bound short contexts: H pinned at 0, the falling iteration time named, the extension supported and right", async () => {
    const t = computeBoundTruth("sum");
    const c = calibrateSweep(await sweepOf(computeBoundCsv(t, CONTEXTS, { tokS: 0.01, power: 0.01 }, 5), "sum.csv"), opts({ Lcal: t.Lcal, shape: { slotRule: "computed", blk: 16, Lcal: t.Lcal, maxSlots: 0 } }));
    expect(c.diagnosis.fits).toBe(false);
    expect(param(c.roofline, "H").value).toBe(0);
    expect(c.roofline.params[1].atBound).toBe(true);
    expect(c.diagnosis.findings.join("\n")).toMatch(/H is pinned at its bound 0: unconstrained, H = -/);
    expect(c.diagnosis.findings.join("\n")).toMatch(/iteration time falls as the context grows at nearly constant KV load/);
    expect(c.diagnosis.extension.supported).toBe(true);
    for (const [name, v] of [["H", t.H], ["C", t.perSeq]] as const) {
      const p = param(c.extended, name);
      expect(Math.abs(p.value - v) / p.stderr, name).toBeLessThan(3);
    }
  });

  it("a max() roofline of memory and compute (in neither family) is diagnosed too", async () => {
    const t = computeBoundTruth("max");
    const c = calibrateSweep(await sweepOf(computeBoundCsv(t, CONTEXTS, { tokS: 0.01, power: 0.01 }, 6), "max.csv"), opts({ Lcal: t.Lcal }));
    expect(c.diagnosis.fits).toBe(false);
    expect(c.diagnosis.findings.some((f) => /^H is pinned at its bound 0: unconstrained, H = -[\d.e-]+ ± [\d.e-]+ s \(t = -\d/.test(f))).toBe(true);
    // only the shortest contexts are compute-bound: the roofline under-predicts iter there
    expect(c.diagnosis.residualSigns.startsWith("−")).toBe(true);
  });

  it("the H200 file: the diagnosis, the best KV capacity with each row's offset, the power with P_idle pinned", async () => {
    const base = profileByName("h200-computed");
    const { value: c, out } = await quietly((stream) => runSweepCalibration(stream, {
      file: H200, mapping: mapping(H200_COLUMNS), base, baseName: "h200-computed", Lcal: base.Lcal, blk: base.blk, model: "roofline",
    }));
    expect(out).toMatch(/diagnosis: the roofline family \(iter = W \+ H·load, W, H >= 0\) cannot fit this sweep:/);
    expect(out).toMatch(/iteration time falls as the context grows at nearly constant KV load/);
    expect(out).toMatch(/the data support it: F\(2, 4\) = [\d.]+, p = [\d.e-]+ < 0\.01; write it with --iteration-model per-sequence/);
    expect(c.kv.exact).toBe(false);
    for (const r of c.kv.rows) expect(r.nMax).toBe(nSlots({ ...base, kvBlocks: c.kv.lo } as Profile, r.ctx));
    // no kvBlocks does better: the objective at every breakpoint in the searched range is no lower
    const objective = (kv: number) => c.kv.rows.reduce((s, r) => s + Math.log(nSlots({ ...base, kvBlocks: kv } as Profile, r.ctx) / r.n) ** 2, 0);
    for (let kv = 250000; kv <= 320000; kv += 128) expect(objective(kv)).toBeGreaterThanOrEqual(c.kv.objective - 1e-12);
    expect(c.power!.pinned).toMatch(/P_idle pinned at 301 W \(0\.43 × TDP 700 W/);
  });
});

describe("kvBlocksBestFit", () => {
  it("finds the best step of n_max by brute force on a small inconsistent example", () => {
    const shape = { slotRule: "computed" as const, blk: 16, Lcal: 4096, maxSlots: 0 };
    const rows = [{ line: 2, ctx: 16, n: 10 }, { line: 3, ctx: 32, n: 6 }, { line: 4, ctx: 64, n: 2 }];
    const fit = kvBlocksBestFit(rows, shape);
    const obj = (kv: number) => rows.reduce((s, r) => s + Math.log(Math.max(1, Math.floor(kv / (r.ctx / 16))) / r.n) ** 2, 0);
    let best = Infinity;
    for (let kv = 1; kv <= 100; kv++) best = Math.min(best, obj(kv));
    const argmin = Array.from({ length: 100 }, (_, i) => i + 1).filter((kv) => obj(kv) === best);
    expect(fit.exact).toBe(false);
    expect(fit.objective).toBeCloseTo(best, 14);
    expect([fit.lo, fit.hi]).toEqual([argmin[0], argmin[argmin.length - 1]]);
  });
});

describe("the calibrated profile", () => {
  it("validates against the file it was fitted to and runs in a sweep", async () => {
    const base = profileByName("h200-computed");
    const out = join(dir, "h200-ext.json");
    await quietly((stream) => runSweepCalibration(stream, { file: H200, mapping: mapping(H200_COLUMNS), base, baseName: "h200-computed",
      Lcal: base.Lcal, blk: base.blk, model: "per-sequence", out }));
    const p = loadProfileFile(out);
    expect(p.C).toBeGreaterThan(0);
    const v = await runSweepValidation({ profile: out, measured: H200, mapping: mapping(H200_COLUMNS), powerUncertainty: 0.2,
      throughputUncertainty: 0.2, tokPerWUncertainty: 0.2, alphaRanges: DEFAULT_ALPHA_RANGES });
    expect(v.validation.coverage.tok_per_w).toEqual({ inside: 7, total: 7 });
    expect(v.validation.coverageAt.measuredN.tok_s).toEqual({ inside: 7, total: 7 });
    expect(v.validation.nRatio.max).toBeLessThan(1.2);
    // the measured alpha's interval covers the calibrated model's alpha
    for (const [i, m] of v.validation.alpha.measured.entries()) {
      expect(v.validation.alpha.model[i].value).toBeGreaterThan(m.ci95![0]);
      expect(v.validation.alpha.model[i].value).toBeLessThan(m.ci95![1]);
    }
    const plan = planSweep({ name: "cal", grid: { ctx: CONTEXTS, gpu: { kind: "profile", values: [out] } } }, "test");
    const res = computeChunk(plan, plan.evaluator.runner(plan), 0, plan.points, true);
    const tokPerW = res.columns![plan.metrics.indexOf("tok_per_w")];
    CONTEXTS.forEach((ctx, i) => expect(tokPerW[i]).toBe(singleGpuPoint(p, ctx).tokPerW));
  });

  it("refuses bad requests with one line", async () => {
    const s = await sweepOf(inFamilyCsv(truth, CONTEXTS.slice(0, 3), NOISE, 2), "three.csv");
    expect(() => calibrateSweep(s, opts({ model: "per-sequence" }))).toThrow(/fitting W, H, C needs at least 4 rows .* got 3/);
    const hi = await sweepOf(inFamilyCsv(truthProfile(), CONTEXTS, NOISE, 3).replace(/,(\d+\.\d+),8,/g, (_, w) => `,${Number(w) * 0 + 650},8,`), "flat.csv");
    expect(() => calibrateSweep(hi, opts({ idle: undefined }))).toThrow(InputError);
    await expect(quietly((stream) => runSweepCalibration(stream, { file: H200, mapping: mapping(H200_COLUMNS), Lcal: 4096, blk: 16, model: "roofline",
      out: join(dir, "x.json"), pIdle: 300 }))).rejects.toThrow(/--out needs --base NAME\|FILE/);
  });
});
