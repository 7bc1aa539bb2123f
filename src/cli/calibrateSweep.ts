// `wattsweep calibrate --throughput FILE` for a context sweep at the server's concurrency
// (--columns context=,concurrency=,tok_s=,power=[,gpus=]): the fitting is
// src/calibrate/sweepCalibration.ts; this file prints it and writes the profile.
import type { OutStream } from "./io.ts";
import { contextLabel } from "../calibrate/alpha.ts";
import { readContextSweep } from "../calibrate/contextSweep.ts";
import { EXTENSION_LEVEL } from "../calibrate/sweepDiagnosis.ts";
import type { IterationFit, IterationModel } from "../calibrate/sweepFit.ts";
import type { PowerFit } from "../calibrate/powerFit.ts";
import {
  calibratedProfile, calibrateSweep, sweepProvenance, type SweepCalibration, type SweepCalibrationOptions,
} from "../calibrate/sweepCalibration.ts";
import { InputError } from "../errors.ts";
import { IDLE_TDP_FRACTION, writeProfileFile, type Profile } from "../model/index.ts";
import { formatTable } from "../io/format.ts";
import { sig } from "../io/numbers.ts";

export interface SweepCalibrateArgs {
  file: string;
  mapping: Record<string, string>;
  base?: Profile;
  baseName?: string;
  Lcal: number;
  blk: number;
  maxSlots?: number;
  model: IterationModel;
  pIdle?: number;
  power?: { file: string; fit: PowerFit };
  name?: string;
  out?: string;
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

/** The options the fit needs, from the base profile and the flags. */
export function sweepOptions(a: SweepCalibrateArgs): SweepCalibrationOptions {
  const basePower = a.base?.power;
  const idle = a.pIdle !== undefined ? { watts: a.pIdle, from: "--p-idle" }
    : basePower?.kind === "logistic" ? { watts: basePower.pIdle, from: `the base profile ${a.base!.name}` }
    : basePower?.kind === "computed"
      ? { watts: IDLE_TDP_FRACTION * basePower.tdp, from: `${IDLE_TDP_FRACTION} × TDP ${basePower.tdp} W of ${a.base!.name}, docs/model.md §5` }
    : undefined;
  const maxSlots = a.maxSlots ?? a.base?.maxSlots ?? 0;
  return {
    Lcal: a.Lcal, model: a.model, idle, powerFromFile: a.power?.fit,
    // a cap on slots needs the manual rule; without one, KV capacity alone sets n_max
    shape: { slotRule: maxSlots > 0 && (a.base?.slotRule ?? "manual") === "manual" ? "manual" : "computed", blk: a.blk, Lcal: a.Lcal, maxSlots },
  };
}

function paramTable(fit: IterationFit): string {
  return formatTable([["param", "value", "stderr", "unit"], ...fit.params.map((p) =>
    [p.name, sig(p.value), p.atBound ? "(at bound 0)" : sig(p.stderr, 3), p.unit])]);
}

function fitLines(fit: IterationFit, Lcal: number): string[] {
  const formula = fit.model === "roofline" ? "W + H·n·(ctx//2)/Lcal" : "W + H·n·(ctx//2)/Lcal + C·n";
  return [
    `iteration time n/tok_s fitted as ${formula} (Lcal ${Lcal}; every term >= 0; weights 1/iter²):`,
    paramTable(fit),
    `residual scatter ${pct(fit.sigma)} of the throughput`,
  ];
}

export function sweepCalibrationText(c: SweepCalibration, o: SweepCalibrationOptions): string {
  const lines = [`context sweep at the server's concurrency: ${c.sweep.path}, ${c.sweep.rows.length} rows `
    + `(${Object.entries(c.sweep.columns).map(([r, col]) => `${r}=${col}`).join(", ")})`, ""];
  lines.push(...fitLines(c.roofline, o.Lcal), "");
  const rows = [...c.roofline.points].sort((a, b) => a.ctx - b.ctx || a.line - b.line);
  const ext = new Map(c.extended.points.map((p) => [p.line, p]));
  lines.push(formatTable([["line", "ctx", "n", "load", "tok_s", "roofline", "resid", "+C·n", "resid"], ...rows.map((p) => [
    String(p.line), contextLabel(p.ctx), sig(p.n), sig(p.load, 4), sig(p.tokS), sig(p.modelTokS), pct(p.relResidual),
    sig(ext.get(p.line)!.modelTokS), pct(ext.get(p.line)!.relResidual)])]), "");
  const d = c.diagnosis;
  if (d.fits) lines.push("diagnosis: no evidence against the roofline family (no bound binds against the data, iteration time does "
    + `not fall against the load, and a per-sequence term is not supported: F test p = ${d.extension.p.toPrecision(2)} >= ${EXTENSION_LEVEL})`);
  else {
    lines.push("diagnosis: the roofline family (iter = W + H·load, W, H >= 0) cannot fit this sweep:", ...d.findings.map((f) => `  - ${f}`));
  }
  lines.push(`  residual signs of the roofline fit by ascending context: ${d.residualSigns}`, "");
  const t = d.extension;
  lines.push(...fitLines(c.extended, o.Lcal).map((l, i) => (i === 0 ? `extension (per-sequence term, docs/measurements.md): ${l}` : l)));
  lines.push(t.supported
    ? `the data support it: F(${t.d1}, ${t.d2}) = ${t.f.toFixed(2)}, p = ${t.p.toPrecision(2)} < ${EXTENSION_LEVEL}`
      + (c.chosen.model === "per-sequence" ? "; the profile takes it (--iteration-model per-sequence)" : "; write it with --iteration-model per-sequence")
    : `not supported by the data: F(${t.d1}, ${t.d2}) = ${t.f.toFixed(2)}, p = ${t.p.toPrecision(2)} >= ${EXTENSION_LEVEL}`
      + (c.chosen.model === "per-sequence" ? "; the profile takes it anyway, as asked (--iteration-model per-sequence)" : ""), "");
  const kv = c.kv;
  const hi = Number.isFinite(kv.hi) ? String(kv.hi) : "∞";
  const off = kv.rows.map((r) => `${contextLabel(r.ctx)} ${r.nMax} vs ${sig(r.n)} (${r.relOff >= 0 ? "+" : ""}${(r.relOff * 100).toFixed(1)} %)`);
  lines.push(kv.exact
    ? `kvBlocks: every measured concurrency is the model's n_max for kvBlocks in [${kv.lo}, ${hi}]`
    : `kvBlocks: no KV capacity makes every measured concurrency the model's n_max; the closest (least squares in ln n) is `
      + `kvBlocks in [${kv.lo}, ${hi}], n_max vs measured: ${off.join(", ")}`);
  lines.push(`  (blk ${o.shape.blk}, slot rule ${o.shape.slotRule}${o.shape.maxSlots > 0 ? `, maxSlots ${o.shape.maxSlots} at Lcal ${o.Lcal}` : ""}; `
    + "the profile takes the lower end)", "");
  if (c.power) {
    lines.push(`power curve from the sweep's power column at its concurrencies (weights 1/P²):`);
    if (c.power.pinned) lines.push(`  ${c.power.pinned}`);
    lines.push(formatTable([["param", "value", "stderr", "unit"], ...c.power.params.map((p) =>
      [p.name, sig(p.value), p.fixed ? "(pinned)" : sig(p.stderr, 3), p.unit])]));
    lines.push(`residual scatter ${pct(c.power.sigma)} of the reading`);
    lines.push(formatTable([["line", "ctx", "n", "watts", "curve", "resid"], ...c.power.points.map((p, i) => [String(p.line),
      contextLabel(c.sweep.rows[i].ctx), sig(p.batch), sig(p.watts), sig(p.model), pct(p.relResidual)])]), "");
  }
  return lines.join("\n") + "\n";
}

/** Reads, fits, prints; writes the profile with --out (needs --base for the fields a sweep does not give). */
export async function runSweepCalibration(out: OutStream, a: SweepCalibrateArgs): Promise<SweepCalibration> {
  const sweep = await readContextSweep(a.file, a.mapping);
  const o = sweepOptions(a);
  const c = calibrateSweep(sweep, o);
  out.write(sweepCalibrationText(c, o));
  if (a.out !== undefined) {
    if (!a.base) throw new InputError("--out needs --base NAME|FILE for what the measurements do not give (chunk, $/h)");
    const profile = calibratedProfile(c, a.base, o, a.name ?? `${a.base.name}-calibrated`);
    writeProfileFile(a.out, profile, sweepProvenance(c, a.baseName ?? null, a.power));
    out.write(`wrote ${a.out}\n`);
  }
  return c;
}
