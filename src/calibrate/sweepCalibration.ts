// Calibration from one context sweep at the server's concurrency: the iteration-time terms
// (roofline, and the per-sequence extension beside it for the diagnosis), the KV capacity
// that best explains the admitted concurrencies, and the power curve from the sweep's own
// power column (or a power-vs-batch fit given by the caller). Pure: the CLI prints it.
import { InputError } from "../errors.ts";
import type { Profile } from "../model/index.ts";
import { kvBlocksBestFit, type KvBestFit, type SlotShape } from "./kvBestFit.ts";
import type { PowerFit } from "./powerFit.ts";
import type { ContextSweep } from "./contextSweep.ts";
import { diagnose, type Diagnosis } from "./sweepDiagnosis.ts";
import { fitIteration, type IterationFit, type IterationModel } from "./sweepFit.ts";
import { fitSweepPower, type SweepPowerFit } from "./sweepPowerFit.ts";

export interface SweepCalibrationOptions {
  Lcal: number;
  /** slot rule, blk, maxSlots for n_max (from the base profile or the flags) */
  shape: SlotShape;
  model: IterationModel;
  /** P_idle to pin when the sweep does not determine it */
  idle?: { watts: number; from: string };
  /** a power curve fitted to a power-vs-batch file instead of the sweep's power column */
  powerFromFile?: PowerFit;
}

export interface SweepCalibration {
  sweep: ContextSweep;
  roofline: IterationFit;
  extended: IterationFit;
  /** the fit the profile takes (options.model) */
  chosen: IterationFit;
  diagnosis: Diagnosis;
  kv: KvBestFit;
  /** undefined when the power curve came from a file */
  power?: SweepPowerFit;
}

export function calibrateSweep(sweep: ContextSweep, o: SweepCalibrationOptions): SweepCalibration {
  const pts = sweep.rows.map((r) => ({ line: r.line, ctx: r.ctx, n: r.n, tokS: r.tokS }));
  const roofline = fitIteration(pts, o.Lcal, "roofline", sweep.path);
  const extended = fitIteration(pts, o.Lcal, "per-sequence", sweep.path);
  const power = o.powerFromFile ? undefined
    : fitSweepPower(sweep.rows.map((r) => ({ batch: r.n, watts: r.power, line: r.line })), o.idle, sweep.path);
  return {
    sweep, roofline, extended, chosen: o.model === "roofline" ? roofline : extended,
    diagnosis: diagnose(roofline, extended),
    kv: kvBlocksBestFit(pts, o.shape, sweep.path),
    power,
  };
}

/** The calibrated profile: fitted fields over the base profile's, which supplies the rest. */
export function calibratedProfile(c: SweepCalibration, base: Profile, o: SweepCalibrationOptions, name: string): Profile {
  const value = (n: string) => c.chosen.params.find((p) => p.name === n)?.value;
  const W = value("W")!;
  if (!(W > 0)) {
    throw new InputError(`${c.sweep.path}: the fit puts W at ${W} s; a profile needs W > 0 (see the diagnosis above)`);
  }
  const C = value("C");
  const power = o.powerFromFile?.power ?? c.power?.power;
  if (!power) throw new InputError(`${c.sweep.path}: no power curve was fitted`);
  const { C: _baseC, ...rest } = base;
  return {
    ...rest,
    name, ...o.shape, Lcal: o.Lcal,
    W, H: value("H")!, ...(C === undefined ? {} : { C }),
    kvBlocks: c.kv.lo,
    power,
  };
}

const orNull = (x: number) => (Number.isFinite(x) ? x : null);

/** What the profile file records about where its numbers came from (read back by fromCalibration). */
export function sweepProvenance(c: SweepCalibration, baseName: string | null, powerFile?: { file: string; fit: PowerFit }) {
  const param = (p: { name: string; value: number; stderr: number; unit: string; fixed?: boolean; atBound?: boolean }) =>
    ({ name: p.name, value: p.value, stderr: p.fixed ? 0 : orNull(p.stderr), unit: p.unit, ...(p.fixed ? { fixed: true } : {}),
      ...(p.atBound ? { atBound: true } : {}) });
  const d = c.diagnosis;
  return {
    base: baseName,
    throughput: {
      file: c.sweep.path, columns: c.sweep.columns, rows: c.sweep.rows.length, kind: "context sweep at the server's concurrency",
      iterationModel: c.chosen.model, params: c.chosen.params.map(param), sigma: c.chosen.sigma,
      diagnosis: {
        rooflineFits: d.fits, findings: d.findings, residualSigns: d.residualSigns,
        extensionTest: { f: d.extension.f, d1: d.extension.d1, d2: d.extension.d2, p: d.extension.p, supported: d.extension.supported },
      },
      kvBlocks: {
        lo: c.kv.lo, hi: orNull(c.kv.hi), exact: c.kv.exact,
        rows: c.kv.rows.map((r) => ({ line: r.line, ctx: r.ctx, n: r.n, nMax: r.nMax, relOff: r.relOff })),
      },
    },
    power: powerFile
      ? { file: powerFile.file, points: powerFile.fit.points.length, method: "weighted LM, Huber IRLS", params: powerFile.fit.params.map(param),
        sigma: powerFile.fit.sigma }
      : { file: c.sweep.path, points: c.sweep.rows.length, method: "the sweep's power column at its concurrencies",
        params: c.power!.params.map(param), sigma: c.power!.sigma, ...(c.power!.pinned ? { pinned: c.power!.pinned } : {}) },
  };
}
