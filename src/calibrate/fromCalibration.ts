// Uncertain parameters of a sweep from a calibrated profile: each fitted parameter's estimate
// and standard error as a normal distribution, so the sweep's bands reflect what the data say
// rather than a guessed ±20 %. Use with the calibrated profile in the sweep's grid:
//
//   grid: { ctx: log2Range(2048, 131072), gpu: profiles("h200.json") },
//   uncertain: fromCalibration("h200.json"),
import { readFileSync } from "node:fs";
import { InputError } from "../errors.ts";
import { loadProfileFile } from "../model/index.ts";
import { normal, normalCdf, type DimValue, type Uncertain, type Vary } from "../sweep/index.ts";

/** The calibration's parameter names and the sweep targets they set. */
const TARGETS: Readonly<Record<string, string>> = { W: "w", H: "h", C: "c", P_idle: "p_idle", P_nom: "p_nom", k: "k", x0: "x0" };
/** Parameters that are positive by nature; x0 (a log2 batch) may be any sign. */
const POSITIVE = new Set(["W", "H", "C", "P_idle", "P_nom", "k"]);
/** A positive parameter's normal must stay above 0 for this many standard errors. */
const MIN_Z = 3;

export interface FromCalibrationOptions {
  /** only these parameters (calibration names: W, H, C, P_idle, P_nom, k, x0); default every estimated one */
  params?: readonly string[];
  /** restrict to some grid values, e.g. { gpu: "h200.json" } when the grid holds other profiles too */
  where?: Record<string, DimValue | readonly DimValue[]>;
  vary?: Vary;
  /** prefix of the uncertain entries' names (default "calibrated_") */
  prefix?: string;
}

interface RecordedParam {
  name: string;
  value: number;
  stderr: number | null;
  fixed?: boolean;
  atBound?: boolean;
}

function recordedParams(file: string): RecordedParam[] {
  loadProfileFile(file); // the same checks (and one-line errors) as any --profile FILE
  const doc = JSON.parse(readFileSync(file, "utf8")) as { calibration?: Record<string, { params?: RecordedParam[] }> };
  const cal = doc.calibration;
  if (!cal) throw new InputError(`fromCalibration(${file}): no calibration block; it needs a profile written by wattsweep calibrate`);
  return [...(cal.throughput?.params ?? []), ...(cal.power?.params ?? [])];
}

/**
 * Normal(estimate, standard error) on each parameter the calibration estimated, applied with
 * `set` (the draw is the parameter's value) and shared across the grid. Fixed, pinned and
 * at-bound parameters carry no estimate and are left out. Draws are independent: the fit's
 * covariances are not recorded, and W and H of a context sweep are usually negatively
 * correlated, so bands on tok/s come out wider than the joint uncertainty (conservative).
 */
export function fromCalibration(file: string, o: FromCalibrationOptions = {}): Record<string, Uncertain> {
  const where = `fromCalibration(${file})`;
  const recorded = recordedParams(file);
  for (const name of o.params ?? []) {
    if (!recorded.some((p) => p.name === name)) {
      throw new InputError(`${where}: params: ${JSON.stringify(name)} is not a calibrated parameter; valid: ${recorded.map((p) => p.name).join(", ")}`);
    }
  }
  const chosen = recorded.filter((p) => (o.params ? o.params.includes(p.name) : true));
  const estimated = (p: RecordedParam) => TARGETS[p.name] !== undefined && !p.fixed && !p.atBound && typeof p.stderr === "number" && p.stderr > 0;
  const out: Record<string, Uncertain> = {};
  for (const p of chosen) {
    if (!estimated(p)) {
      if (o.params) throw new InputError(`${where}: ${p.name} was not estimated (fixed, pinned or at a bound), so it has no standard error`);
      continue;
    }
    const se = p.stderr!;
    if (POSITIVE.has(p.name) && p.value < MIN_Z * se) {
      const others = chosen.filter((q) => q !== p && estimated(q)).map((q) => JSON.stringify(q.name));
      throw new InputError(`${where}: ${p.name} = ${p.value} ± ${se}: a normal draw would be negative in `
        + `${(100 * normalCdf(-p.value / se)).toFixed(1)} % of samples; leave it out with params: [${others.join(", ")}]`);
    }
    out[`${o.prefix ?? "calibrated_"}${TARGETS[p.name]}`] = {
      target: TARGETS[p.name], dist: normal(p.value, se), apply: "set", vary: o.vary ?? "shared", ...(o.where ? { where: o.where } : {}),
    };
  }
  return out;
}
