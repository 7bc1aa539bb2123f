// `wattsweep validate` for a context sweep at the server's concurrency (--columns
// context=,concurrency=,tok_s=,power=[,gpus=]): the comparison is
// src/calibrate/validateSweepFile.ts; this file prints it and writes files.
import { join } from "node:path";
import { contextLabel, type AlphaEstimate } from "../calibrate/alpha.ts";
import type { OperatingPoint } from "../calibrate/contextSweep.ts";
import { atConcurrencyFigure, tokWFigure } from "../calibrate/sweepFigure.ts";
import {
  SWEEP_QUANTITIES, type Coverage, type ModelComparison, type SweepComparisonRow, type SweepValidation,
} from "../calibrate/sweepValidation.ts";
import type { SweepValidateResult } from "../calibrate/validateSweepFile.ts";
import { floatColumn, intColumn, nullableColumn, stringColumn, writeFileAtomic, writeTableFiles, type ColumnTable } from "../io/index.ts";
import { formatTable } from "../io/format.ts";
import { sig } from "../io/numbers.ts";

const band = (b: [number, number]) => `[${sig(b[0], 4)}, ${sig(b[1], 4)}]`;
const yes = (ok: boolean) => (ok ? "yes" : "NO");
const cov = (c: Coverage) => `${c.inside} of ${c.total} inside`;

/** A measured alpha with its interval, or a model's (exact, no interval). */
export function alphaText(a: AlphaEstimate, measured = false): string {
  if (!Number.isFinite(a.value)) return `n/a (${a.contexts.length} context${a.contexts.length === 1 ? "" : "s"} in range)`;
  if (!measured) return a.value.toFixed(3);
  return a.ci95 ? `${a.value.toFixed(3)} [${a.ci95[0].toFixed(3)}, ${a.ci95[1].toFixed(3)}]` : `${a.value.toFixed(3)} (no CI: 2 points)`;
}

export function sweepValidationText(r: SweepValidateResult): string {
  const v = r.validation;
  const rows = v.rows;
  const tokW = [["ctx", "line", "n", "n_max", "n/n_max", "tok/W", "model@n_max", "band", "in", "model@n", "band", "in"],
    ...rows.map((x) => [contextLabel(x.context), String(x.line), sig(x.measured.n), String(x.atNMax.model.n), sig(x.nRatio, 3),
      sig(x.measured.tok_per_w, 4), sig(x.atNMax.model.tok_per_w, 4), band(x.atNMax.band.tok_per_w), yes(x.atNMax.inside.tok_per_w),
      sig(x.atMeasuredN.model.tok_per_w, 4), band(x.atMeasuredN.band.tok_per_w), yes(x.atMeasuredN.inside.tok_per_w)])];
  const at = [["ctx", "n", "tok/s", "model", "band", "in", "power W", "model", "band", "in"],
    ...rows.map((x) => [contextLabel(x.context), sig(x.measured.n), sig(x.measured.tok_s), sig(x.atMeasuredN.model.tok_s), band(x.atMeasuredN.band.tok_s),
      yes(x.atMeasuredN.inside.tok_s), sig(x.measured.power_w, 4), sig(x.atMeasuredN.model.power_w, 4), band(x.atMeasuredN.band.power_w),
      yes(x.atMeasuredN.inside.power_w)])];
  const alpha = v.alpha.measured.map((m, i) => `alpha ${m.range.label}: measured ${alphaText(m, true)} (95 % CI, ${m.points} points); `
    + `model ${alphaText(v.alpha.model[i])} at its n_max, ${alphaText(v.alpha.modelAtMeasuredN[i])} at the measured concurrency`);
  return [
    `${r.profile.name} vs ${r.sweep.path}: context sweep at the server's concurrency; tok/W = instance tok/s ÷ per-GPU power`,
    `bands: ${r.band}`,
    "",
    "tok/W against the model at its own n_max (the paper's Table 1 point) and at the measured concurrency n:",
    formatTable(tokW),
    "",
    "tok/s and per-GPU power at the measured concurrency:",
    formatTable(at),
    "",
    ...r.notes.map((n) => `note: ${n}`),
    ...r.warnings.map((w) => `warning: ${w}`),
    `coverage: tok/W ${cov(v.coverage.tok_per_w)} (at the model's n_max); tok/s ${cov(v.coverage.tok_s)}, `
      + `power ${cov(v.coverage.power_w)} (at the measured concurrency); tok/W at the measured concurrency ${cov(v.coverageAt.measuredN.tok_per_w)}`,
    `n_max: measured concurrency ÷ model n_max from ${sig(v.nRatio.min, 3)} to ${sig(v.nRatio.max, 3)}`,
    ...alpha,
    "",
  ].join("\n");
}

/** NaN and ±Infinity as JSON null. */
const num = (x: number) => (Number.isFinite(x) ? x : null);

function pointJson(p: OperatingPoint) {
  return { n: num(p.n), tok_s: num(p.tok_s), power_w: num(p.power_w), tok_per_w: num(p.tok_per_w) };
}

function modelJson(m: ModelComparison) {
  return { ...pointJson(m.model), band: m.band, inside: m.inside };
}

function alphaJson(list: readonly AlphaEstimate[]) {
  return Object.fromEntries(list.map((a) => [a.range.label, {
    value: num(a.value), ci95: a.ci95, stderr: num(a.stderr), contexts: a.contexts, points: a.points,
  }]));
}

const coverageJson = (c: Record<string, Coverage>, at: Record<string, string>) =>
  Object.fromEntries(Object.entries(c).map(([q, x]) => [q, { ...x, at: at[q] }]));

/** The --json document: one object with rows, coverage, n_ratio, alpha (and files written). */
export function sweepValidationJson(r: SweepValidateResult, files: string[] = []) {
  const v = r.validation;
  const nMax = "model n_max";
  const atN = "measured concurrency";
  return {
    profile: r.profile.name,
    measured: r.sweep.path,
    columns: r.sweep.columns,
    band: r.band,
    rows: v.rows.map((x) => ({
      line: x.line, context: x.context, ...(x.gpus === undefined ? {} : { gpus: x.gpus }),
      measured: { ...pointJson(x.measured), ...(x.gpus === undefined ? {} : { tok_per_j_instance: x.measured.tok_s / (x.gpus * x.measured.power_w) }) },
      model: modelJson(x.atNMax),
      model_at_measured_n: modelJson(x.atMeasuredN),
      n_ratio: num(x.nRatio),
      exceeds_capacity: x.exceedsCapacity,
    })),
    coverage: coverageJson(v.coverage, { tok_per_w: nMax, tok_s: atN, power_w: atN }),
    coverage_at: { n_max: v.coverageAt.nMax, measured_n: v.coverageAt.measuredN },
    n_ratio: { min: num(v.nRatio.min), max: num(v.nRatio.max) },
    alpha: { measured: alphaJson(v.alpha.measured), model: alphaJson(v.alpha.model), model_at_measured_n: alphaJson(v.alpha.modelAtMeasuredN) },
    notes: r.notes,
    warnings: r.warnings,
    files,
  };
}

function rowsTable(rows: readonly SweepComparisonRow[]): ColumnTable {
  const f = (name: string, unit: string, get: (r: SweepComparisonRow) => number) => floatColumn(name, unit, rows.map(get));
  const flag = (name: string, get: (r: SweepComparisonRow) => boolean) => intColumn(name, "1 = inside the band", rows.map((r) => (get(r) ? 1 : 0)));
  const units = { tok_per_w: "tokens/J", tok_s: "tokens/s per instance", power_w: "W per GPU" } as const;
  const model = (prefix: string, get: (r: SweepComparisonRow) => ModelComparison) => SWEEP_QUANTITIES.flatMap((q) => [
    f(`${prefix}_${q}`, units[q], (r) => get(r).model[q]), f(`${prefix}_${q}_lo`, units[q], (r) => get(r).band[q][0]),
    f(`${prefix}_${q}_hi`, units[q], (r) => get(r).band[q][1]), flag(`${prefix}_${q}_inside`, (r) => get(r).inside[q])]);
  return {
    length: rows.length,
    columns: [
      intColumn("line", "", rows.map((r) => r.line)),
      intColumn("context", "tokens", rows.map((r) => r.context)),
      f("n", "sequences", (r) => r.measured.n),
      intColumn("n_max", "sequences", rows.map((r) => r.atNMax.model.n)),
      f("n_ratio", "measured n / model n_max", (r) => r.nRatio),
      ...SWEEP_QUANTITIES.map((q) => f(`measured_${q}`, units[q], (r) => r.measured[q])),
      ...model("model_nmax", (r) => r.atNMax),
      ...model("model_n", (r) => r.atMeasuredN),
    ],
  };
}

/** alphaFit's "no estimate" (NaN) as null. */
const noEstimate = (v: number): number | null => (Number.isNaN(v) ? null : v);

function alphaTable(v: SweepValidation): ColumnTable {
  const rows = [
    ...v.alpha.measured.map((a) => ({ kind: "measured", a })),
    ...v.alpha.model.map((a) => ({ kind: "model_n_max", a })),
    ...v.alpha.modelAtMeasuredN.map((a) => ({ kind: "model_measured_n", a })),
  ];
  return {
    length: rows.length,
    columns: [
      stringColumn("range", rows.map((r) => r.a.range.label)),
      stringColumn("kind", rows.map((r) => r.kind)),
      // null where there is no estimate: alphaFit's NaN value (fewer than two contexts) and
      // stderr (no residual degrees of freedom), and no interval
      nullableColumn("alpha", "1", "float", rows.map((r) => noEstimate(r.a.value))),
      nullableColumn("stderr", "1", "float", rows.map((r) => noEstimate(r.a.stderr))),
      nullableColumn("ci95_lo", "1", "float", rows.map((r) => r.a.ci95?.[0] ?? null)),
      nullableColumn("ci95_hi", "1", "float", rows.map((r) => r.a.ci95?.[1] ?? null)),
      intColumn("points", "", rows.map((r) => r.a.points)),
    ],
  };
}

/** validate.csv/.arrow/.parquet (per row), validate_alpha (same) and three SVG figures. */
export async function writeSweepValidationFiles(dir: string, r: SweepValidateResult): Promise<string[]> {
  const meta = { profile: r.profile.name, measured: r.sweep.path, band: r.band };
  const written = [
    ...await writeTableFiles(dir, "validate", rowsTable(r.validation.rows), meta),
    ...await writeTableFiles(dir, "validate_alpha", alphaTable(r.validation), meta),
  ];
  const figures: Array<[string, string]> = [
    ["validate-tokw.svg", tokWFigure(r.validation, r.band)],
    ["validate-throughput.svg", atConcurrencyFigure(r.validation, "tok_s", r.band)],
    ["validate-power.svg", atConcurrencyFigure(r.validation, "power_w", r.band)],
  ];
  for (const [name, svg] of figures) {
    writeFileAtomic(join(dir, name), svg);
    written.push(join(dir, name));
  }
  return written;
}
