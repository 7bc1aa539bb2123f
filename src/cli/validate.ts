import { join } from "node:path";
import type { CommandModule } from "yargs";
import {
  ALL_ROLES, bandOf, compareToProfile, cornerBand, cornerProfiles, coverageOf, measuredPointsOf, modelValue, optional, ROLES,
  type BandFn, type Comparison, type CoverageSummary, type MeasuredPoint, type Uncertainty,
} from "../calibrate/index.ts";
import { InputError } from "../errors.ts";
import { DEFAULT_ALPHA_RANGES } from "../calibrate/alpha.ts";
import { isConcurrencySweep } from "../calibrate/contextSweep.ts";
import { parseColumnMapping, readMeasuredCsv, requireRoles } from "../io/csvRead.ts";
import { floatColumn, intColumn, stringColumn, writeFileAtomic, writeTableFiles, type ColumnTable } from "../io/index.ts";
import { plotSvg, type Series } from "../io/svg.ts";
import { resolveProfile, type Profile } from "../model/index.ts";
import { formatTable } from "../io/format.ts";
import { sig } from "../io/numbers.ts";
import { runSweepValidation } from "../calibrate/validateSweepFile.ts";
import { sweepValidationJson, sweepValidationText, writeSweepValidationFiles } from "./validateSweep.ts";
import type { WithIo } from "./io.ts";

interface ValidateArgs extends WithIo {
  profile: string;
  measured: string;
  columns?: string;
  "power-uncertainty": number;
  "throughput-uncertainty": number;
  "band-sweep"?: string;
  "tok-per-w-uncertainty": number;
  "alpha-ranges": string;
  json: boolean;
  out?: string;
}

/** Where the band comes from: the corners of a ±u box around the profile, or a sweep's p5…p95. */
interface BandSource {
  band: BandFn;
  /** for the summary line, e.g. "power ±20.0%, throughput ±20.0%" */
  description: string;
  /** the ±u box, when the band comes from it (figures then draw it on a dense grid) */
  box?: Uncertainty;
  notes: string[];
}

const UNIT = { power_w: "W", tok_s: "tok/s" } as const;

function fraction(flag: string, v: number): number {
  if (!(v >= 0 && v < 1)) throw new InputError(`--${flag} = ${v}: must be a fraction in [0, 1), e.g. 0.2 for ±20 %`);
  return v;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function describePoint(r: Comparison): string {
  const at = r.context > 0 ? `context ${r.context}, n ${r.batch}` : `batch ${r.batch}`;
  return `${r.quantity} at ${at} (line ${r.line}): measured ${sig(r.measured)} ${UNIT[r.quantity]}, model ${sig(r.model)}, `
    + `band [${sig(r.lo)}, ${sig(r.hi)}], error ${pct(r.relErr)}`;
}

/** The one-line verdict: coverage and the worst miss (or, if none, the largest error). */
export function summaryLine(s: CoverageSummary, band: string): string {
  const head = `coverage ${s.inside}/${s.total} = ${pct(s.coverage)} inside the band (${band})`;
  if (!s.worstMiss) return `${head}; no misses; largest error ${describePoint(s.largestError)}`;
  const w = s.worstMiss;
  return `${head}; worst miss: ${describePoint(w)}, ${pct(Math.abs(w.miss))} ${w.miss < 0 ? "below" : "above"} the band`;
}

function comparisonTable(rows: readonly Comparison[]): ColumnTable {
  const col = <K extends keyof Comparison>(k: K) => rows.map((r) => r[k]);
  const mixed = "W for power_w, tokens/s for tok_s";
  return {
    length: rows.length,
    columns: [
      intColumn("line", "", col("line") as number[]),
      stringColumn("quantity", col("quantity") as string[]),
      floatColumn("batch", "sequences", col("batch") as number[]),
      intColumn("context", "tokens", col("context") as number[]),
      floatColumn("measured", mixed, col("measured") as number[]),
      floatColumn("model", mixed, col("model") as number[]),
      floatColumn("band_lo", mixed, col("lo") as number[]),
      floatColumn("band_hi", mixed, col("hi") as number[]),
      floatColumn("rel_err", "fraction", col("relErr") as number[]),
      intColumn("inside", "1 = inside the band", rows.map((r) => (r.inside ? 1 : 0))),
    ],
  };
}

/** Power over batch: the model and its band on a log2 grid, measured points on top. */
function powerFigure(p: Profile, rows: readonly Comparison[], u: Uncertainty): string {
  const corners = cornerProfiles(p, u);
  const top = Math.log2(Math.max(2, ...rows.map((r) => r.batch)));
  const grid = Array.from({ length: 65 }, (_, i) => 2 ** ((top * i) / 64));
  const at = (n: number) => ({ line: 0, quantity: "power_w" as const, batch: n, context: 0, measured: 0 });
  const bands = grid.map((n) => bandOf(corners, (c) => modelValue(c, at(n))));
  const series: Series[] = [
    { kind: "band", label: `model band (±${pct(u.power)})`, x: grid, lo: bands.map((b) => b[0]), hi: bands.map((b) => b[1]) },
    { kind: "line", label: `model: ${p.name}`, x: grid, y: grid.map((n) => modelValue(p, at(n))) },
    { kind: "points", label: "measured", x: rows.map((r) => r.batch), y: rows.map((r) => r.measured) },
  ];
  return plotSvg({ title: `Per-GPU power vs batch: ${p.name}`, x: { label: "concurrent sequences (batch)", scale: "log", base: 2 },
    y: { label: "power per GPU (W)" }, series });
}

/** A quantity over x at the measured points, with the band and the model joined through them. */
function joinedFigure(p: Profile, rows: readonly Comparison[], band: string, fig: {
  title: string; x: (r: Comparison) => number; xLabel: string; yLabel: string; yLog: boolean; legend: "top-left" | "top-right";
}): string {
  const s = [...rows].sort((a, b) => fig.x(a) - fig.x(b) || a.line - b.line);
  const x = s.map(fig.x);
  const series: Series[] = [
    { kind: "band", label: `band (${band})`, x, lo: s.map((r) => r.lo), hi: s.map((r) => r.hi) },
    { kind: "line", label: `model at the measured points: ${p.name}`, x, y: s.map((r) => r.model) },
    { kind: "points", label: "measured", x, y: s.map((r) => r.measured) },
  ];
  return plotSvg({ title: `${fig.title}: ${p.name}`, x: { label: fig.xLabel, scale: "log", base: 2 },
    y: { label: fig.yLabel, scale: fig.yLog ? "log" : "linear" }, series, legend: fig.legend });
}

async function writeOutputs(dir: string, p: Profile, rows: readonly Comparison[], src: BandSource, args: ValidateArgs): Promise<string[]> {
  const written = await writeTableFiles(dir, "validate", comparisonTable(rows), { profile: p.name, measured: args.measured, band: src.description });
  const power = rows.filter((r) => r.quantity === "power_w");
  const tput = rows.filter((r) => r.quantity === "tok_s");
  const figures: Array<[string, string]> = [];
  if (power.length) {
    figures.push(["validate-power.svg", src.box ? powerFigure(p, power, src.box) : joinedFigure(p, power, src.description, {
      title: "Per-GPU power vs batch", x: (r) => r.batch, xLabel: "concurrent sequences (batch)", yLabel: "power per GPU (W)", yLog: false, legend: "top-left",
    })]);
  }
  if (tput.length) {
    figures.push(["validate-throughput.svg", joinedFigure(p, tput, src.description, {
      title: "Decode throughput vs context", x: (r) => r.context, xLabel: "context window (tokens)", yLabel: "decode tokens/s per instance", yLog: true, legend: "top-right",
    })]);
  }
  for (const [name, svg] of figures) {
    writeFileAtomic(join(dir, name), svg);
    written.push(join(dir, name));
  }
  return written;
}

function boxBand(p: Profile, u: Uncertainty): BandSource {
  return { band: cornerBand(p, u), description: `power ±${pct(u.power)}, throughput ±${pct(u.throughput)}`, box: u, notes: [] };
}

async function sweepBand(file: string, p: Profile, points: readonly MeasuredPoint[], isSweep: boolean): Promise<BandSource> {
  if (!isSweep) {
    throw new InputError(`--band-sweep ${file}: sweep bands are per context window at n_max; `
      + "they need a context-sweep measurement file (context, n_max, tok_s), not power against batch");
  }
  // Loaded on demand: only this option needs the sweep engine.
  const { loadSweepBands } = await import("../calibrate/sweepBand.ts");
  const bands = await loadSweepBands(file, p);
  const notes = points.flatMap((q) => {
    const n = q.quantity === "tok_s" ? bands.nMaxMismatch(q) : undefined;
    return n === undefined ? [] : [`at context ${q.context} the sweep runs n_max ${n}, the measurement ${q.batch} (line ${q.line})`];
  });
  if (bands.profileName !== p.name) notes.push(`the sweep's only profile is ${bands.profileName}; its bands are used for ${p.name}`);
  return { band: bands.band, description: `p5…p95 of sweep ${file}`, notes };
}

/** --json: one object on stdout (the comparisons with snake_case keys, coverage, notes, files written); nothing else there. */
async function writeJson(args: ValidateArgs, p: Profile, rows: readonly Comparison[], src: BandSource): Promise<void> {
  const files = args.out === undefined ? [] : await writeOutputs(args.out, p, rows, src, args);
  const { inside, total, coverage } = coverageOf(rows);
  const points = rows.map((r) => ({ line: r.line, quantity: r.quantity, unit: UNIT[r.quantity], batch: r.batch, context: r.context || null,
    measured: r.measured, model: r.model, band_lo: r.lo, band_hi: r.hi, rel_err: r.relErr, inside: r.inside }));
  args.io.stdout.write(JSON.stringify({ profile: p.name, measured: args.measured, band: src.description, coverage: { inside, total, coverage },
    notes: src.notes, points, files }, null, 2) + "\n");
}

/** A context sweep at the server's concurrency (src/cli/validateSweep.ts). */
async function validateAtConcurrency(args: ValidateArgs, mapping: Record<string, string>): Promise<void> {
  const r = await runSweepValidation({
    profile: args.profile, measured: args.measured, mapping, bandSweep: args["band-sweep"], alphaRanges: args["alpha-ranges"],
    powerUncertainty: fraction("power-uncertainty", args["power-uncertainty"]),
    throughputUncertainty: fraction("throughput-uncertainty", args["throughput-uncertainty"]),
    tokPerWUncertainty: fraction("tok-per-w-uncertainty", args["tok-per-w-uncertainty"]),
  });
  const files = args.out === undefined ? [] : await writeSweepValidationFiles(args.out, r);
  if (args.json) {
    args.io.stdout.write(JSON.stringify(sweepValidationJson(r, files), null, 2) + "\n");
    return;
  }
  args.io.stdout.write(sweepValidationText(r) + files.map((f) => `wrote ${f}\n`).join(""));
}

export const validateCommand: CommandModule<object, ValidateArgs> = {
  command: "validate",
  describe: "compare measurements with a profile's predictions and their uncertainty band",
  builder: (y) => y
    .option("profile", { type: "string", demandOption: true, describe: "catalog name or profile JSON file" })
    .option("measured", { type: "string", demandOption: true, describe: "CSV: (batch, power) points, a context sweep at n_max (context, n_max, tok_s[, power]) or at the server's concurrency (context, concurrency, tok_s, power[, gpus])" })
    .option("columns", { type: "string", describe: `role=column,...; roles: ${ALL_ROLES.map((r) => r.role).join(", ")}` })
    .option("power-uncertainty", { type: "number", default: 0.2, describe: "band half-width on P_idle and P_nom (0.2 = the paper's ±20 %)" })
    .option("throughput-uncertainty", { type: "number", default: 0.2, describe: "band half-width on W and H" })
    .option("band-sweep", { type: "string", describe: "singleGpu sweep file (ctx × profile); its p5…p95 replace the ±u band" })
    .option("tok-per-w-uncertainty", { type: "number", default: 0.2, describe: "context sweeps at concurrency: band half-width on tok/W (0.2 = the paper's ±20 % for a FAIR projection)" })
    .option("alpha-ranges", { type: "string", default: DEFAULT_ALPHA_RANGES, describe: "context sweeps at concurrency: ranges for the measured alpha" })
    .option("json", { type: "boolean", default: false, describe: "one JSON object on stdout instead of tables" })
    .option("out", { type: "string", describe: "folder for validate.csv, .arrow, .parquet and SVG figures" }) as never,
  handler: async (args) => {
    const profile = resolveProfile(args.profile);
    const u = { power: fraction("power-uncertainty", args["power-uncertainty"]),
      throughput: fraction("throughput-uncertainty", args["throughput-uncertainty"]) };
    const mapping = parseColumnMapping(args.columns, ALL_ROLES);
    if (mapping.concurrency !== undefined || mapping.gpus !== undefined) return validateAtConcurrency(args, mapping);
    const table = await readMeasuredCsv(args.measured, ALL_ROLES.map(optional), mapping);
    if (isConcurrencySweep(mapping, table.header)) return validateAtConcurrency(args, mapping);
    // The file's shape decides what is compared: a context sweep, or power against batch.
    const sweep = table.values.context !== undefined || mapping.context !== undefined;
    requireRoles(table, sweep ? [ROLES.context, ROLES.nMax, ROLES.tokS] : [ROLES.batch, ROLES.power], mapping);
    const points = measuredPointsOf(table);
    const src = args["band-sweep"] === undefined ? boxBand(profile, u) : await sweepBand(args["band-sweep"], profile, points, sweep);
    const rows = compareToProfile(profile, points, src.band);
    if (args.json) return writeJson(args, profile, rows, src);
    const head = ["line", "quantity", "batch", "context", "measured", "model", "band_lo", "band_hi", "rel_err", "inside"];
    const body = rows.map((r) => [String(r.line), r.quantity, String(r.batch), r.context ? String(r.context) : "-",
      sig(r.measured), sig(r.model), sig(r.lo), sig(r.hi), pct(r.relErr), r.inside ? "yes" : "NO"]);
    args.io.stdout.write(`${profile.name} vs ${args.measured}\n${formatTable([head, ...body])}\n\n`);
    for (const note of src.notes) args.io.stdout.write(`note: ${note}\n`);
    args.io.stdout.write(summaryLine(coverageOf(rows), src.description) + "\n");
    if (args.out !== undefined) {
      for (const path of await writeOutputs(args.out, profile, rows, src, args)) args.io.stdout.write(`wrote ${path}\n`);
    }
  },
};
