// Loading a context sweep at the server's concurrency and comparing it with a profile:
// the profile, the measurement file, the band (a ±u box or a band sweep at the same
// concurrency), notes and warnings. What `wattsweep validate` and `wattsweep paper
// --measured` print is built from the result.
import { contextLabel, parseAlphaRanges } from "./alpha.ts";
import { readContextSweep, type ContextSweep } from "./contextSweep.ts";
import { boxSweepBand, validateContextSweep, type SweepBandFn, type SweepComparisonRow, type SweepValidation } from "./sweepValidation.ts";
import { resolveProfile, type Profile } from "../model/index.ts";

export interface SweepValidateOptions {
  profile: string;
  measured: string;
  mapping: Record<string, string>;
  powerUncertainty: number;
  throughputUncertainty: number;
  tokPerWUncertainty: number;
  bandSweep?: string;
  alphaRanges: string;
}

export interface SweepValidateResult {
  profile: Profile;
  sweep: ContextSweep;
  validation: SweepValidation;
  /** where the bands come from, e.g. "tok/W ±20.0 %, power ±20.0 %, throughput ±20.0 %" */
  band: string;
  notes: string[];
  warnings: string[];
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

async function bandSource(o: SweepValidateOptions, p: Profile): Promise<{ band: SweepBandFn; description: string; notes: string[] }> {
  if (o.bandSweep === undefined) {
    const u = { power: o.powerUncertainty, throughput: o.throughputUncertainty, tokPerW: o.tokPerWUncertainty };
    return { band: boxSweepBand(p, u), description: `tok/W ±${pct(u.tokPerW)}, power ±${pct(u.power)}, throughput ±${pct(u.throughput)}`, notes: [] };
  }
  // Loaded on demand: only this option needs the sweep engine.
  const { loadSweepBandAtN } = await import("./sweepBandAtN.ts");
  const s = await loadSweepBandAtN(o.bandSweep, p);
  const notes = s.profileName === p.name ? [] : [`the sweep's only profile is ${s.profileName}; its bands are used for ${p.name}`];
  return { band: s.band, description: `p5…p95 of sweep ${o.bandSweep} (${s.samples} samples) at the same concurrency`, notes };
}

/** The measured concurrency beyond the model's KV capacity, as one warning line (or none). */
function capacityWarning(rows: readonly SweepComparisonRow[]): string[] {
  const over = rows.filter((r) => r.exceedsCapacity);
  if (over.length === 0) return [];
  const list = over.map((r) => `${contextLabel(r.context)} ${r.measured.n} > ${r.atNMax.model.n}`).join(", ");
  return [`the measured concurrency exceeds the model's KV capacity (n_max) at ${over.length} of ${rows.length} rows `
    + `(${list}): the model's values at the measured concurrency assume KV memory the model says the instance lacks`];
}

/** A GPU count that differs from the tensor-parallel degree a computed profile models. */
function gpuNotes(sweep: ContextSweep, p: Profile): string[] {
  const tp = p.power.kind === "computed" ? p.power.tp : undefined;
  const counts = [...new Set(sweep.rows.flatMap((r) => (r.gpus === undefined ? [] : [r.gpus])))];
  if (tp === undefined || counts.every((g) => g === tp)) return [];
  return [`the file's instances have ${counts.join(", ")} GPUs; the profile models TP ${tp}`];
}

export async function runSweepValidation(o: SweepValidateOptions): Promise<SweepValidateResult> {
  const profile = resolveProfile(o.profile);
  const ranges = parseAlphaRanges(o.alphaRanges);
  const sweep = await readContextSweep(o.measured, o.mapping);
  const src = await bandSource(o, profile);
  const validation = validateContextSweep(profile, sweep, src.band, ranges);
  return {
    profile, sweep, validation, band: src.description, notes: [...src.notes, ...gpuNotes(sweep, profile)],
    warnings: capacityWarning(validation.rows),
  };
}

