// REPORT.md's "model vs measurement" section: a context sweep measured at the server's
// concurrency (`wattsweep paper --measured FILE --columns ... --measured-profile NAME`)
// against each named profile: per context tok/W measured vs modelled with the model's band,
// coverage, and the measured alpha with its confidence interval beside the rebuttal's
// interval and the model's alpha. Without --measured the section says that every alpha and
// band of the report is the model's own.
import { DEFAULT_ALPHA_RANGES, contextLabel, type AlphaEstimate } from "../../calibrate/alpha.ts";
import { tokWFigure } from "../../calibrate/sweepFigure.ts";
import { runSweepValidation, type SweepValidateResult } from "../../calibrate/validateSweepFile.ts";
import { published } from "../published.ts";
import { decimalsOf } from "./verdicts.ts";
import type { Figure } from "./figures.ts";

export interface MeasuredOptions {
  file: string;
  mapping: Record<string, string>;
  /** profiles (names or files) to compare with, at least one */
  profiles: string[];
  alphaRanges?: string;
  /** band half-width on tok/W (the paper's ±20 % for a FAIR projection) */
  tokPerWUncertainty?: number;
}

export interface MeasuredStudy {
  file: string;
  results: SweepValidateResult[];
  figures: Figure[];
}

const U_DEFAULT = 0.2;

export async function runMeasured(o: MeasuredOptions): Promise<MeasuredStudy> {
  const results: SweepValidateResult[] = [];
  for (const profile of o.profiles) {
    results.push(await runSweepValidation({
      profile, measured: o.file, mapping: o.mapping, alphaRanges: o.alphaRanges ?? DEFAULT_ALPHA_RANGES,
      tokPerWUncertainty: o.tokPerWUncertainty ?? U_DEFAULT, powerUncertainty: U_DEFAULT, throughputUncertainty: U_DEFAULT,
    }));
  }
  const figures = results.map((r, i) => ({
    name: `measured-vs-model-${i + 1}`,
    caption: `measured tok/W of ${o.file} (bars: 95 % scatter about the measured log-log line) over the model's band ` +
      `(${r.band}) for ${r.profile.name}, at the model's n_max (solid) and at the measured concurrency (dashed)`,
    svg: tokWFigure(r.validation, r.band, `Measured vs model tok/W: ${r.profile.name}`),
  }));
  return { file: o.file, results, figures };
}

function mdTable(rows: string[][]): string {
  const line = (r: string[]) => `| ${r.join(" | ")} |`;
  return [line(rows[0]), line(rows[0].map(() => "---")), ...rows.slice(1).map(line)].join("\n");
}

const f3 = (x: number) => x.toFixed(3);
const band = (b: [number, number], d: number) => `[${b[0].toFixed(d)}, ${b[1].toFixed(d)}]`;

/** Where a measured alpha's 95 % interval lies against the claimed interval, at the claim's precision. */
export function alphaAgainstClaim(a: AlphaEstimate, claim: readonly number[]): string {
  if (!a.ci95) return "no interval";
  const d = Math.max(...claim.map(decimalsOf));
  const [lo, hi] = a.ci95.map((x) => Number(x.toFixed(d)));
  if (lo >= claim[0] && hi <= claim[1]) return "inside the claim";
  if (hi < claim[0] || lo > claim[1]) return "**contradicts the claim**";
  return "overlaps the claim (not decisive)";
}

function profileBlock(r: SweepValidateResult, claim: readonly number[]): string[] {
  const v = r.validation;
  const rows = [["ctx", "n measured", "model n_max", "tok/W measured", "model at n_max [band]", "inside", "model at measured n [band]", "inside"],
    ...v.rows.map((x) => [contextLabel(x.context), String(x.measured.n), String(x.atNMax.model.n), x.measured.tok_per_w.toFixed(3),
      `${x.atNMax.model.tok_per_w.toFixed(3)} ${band(x.atNMax.band.tok_per_w, 3)}`, x.atNMax.inside.tok_per_w ? "yes" : "no",
      `${x.atMeasuredN.model.tok_per_w.toFixed(3)} ${band(x.atMeasuredN.band.tok_per_w, 3)}`, x.atMeasuredN.inside.tok_per_w ? "yes" : "no"])];
  const alpha = [["range", "measured alpha [95 % CI]", `rebuttal [${claim[0]}, ${claim[1]}]`, "model alpha at n_max", "model at measured n"],
    ...v.alpha.measured.map((m, i) => [m.range.label, m.ci95 ? `${f3(m.value)} [${f3(m.ci95[0])}, ${f3(m.ci95[1])}]` : Number.isFinite(m.value) ? f3(m.value) : "–",
      alphaAgainstClaim(m, claim), Number.isFinite(v.alpha.model[i].value) ? f3(v.alpha.model[i].value) : "–",
      Number.isFinite(v.alpha.modelAtMeasuredN[i].value) ? f3(v.alpha.modelAtMeasuredN[i].value) : "–"])];
  const c = v.coverage;
  return [
    `### ${r.profile.name}`,
    "",
    `Bands: ${r.band}. n_max ratio (measured concurrency ÷ model n_max): ${v.nRatio.min.toPrecision(3)}–${v.nRatio.max.toPrecision(3)}.`,
    ...r.warnings.map((w) => `**Warning:** ${w}.`),
    "",
    mdTable(rows),
    "",
    `**Coverage:** tok/W inside the model's band at ${c.tok_per_w.inside} of ${c.tok_per_w.total} contexts (at the model's n_max; ` +
      `${v.coverageAt.measuredN.tok_per_w.inside} of ${v.coverageAt.measuredN.tok_per_w.total} at the measured concurrency); ` +
      `tok/s ${c.tok_s.inside} of ${c.tok_s.total} and power ${c.power_w.inside} of ${c.power_w.total} at the measured concurrency.`,
    "",
    mdTable(alpha),
    "",
  ];
}

/** The section; `m` undefined when the run had no --measured file. */
export function measuredSection(m: MeasuredStudy | undefined): string[] {
  if (!m) {
    return [
      "## Model vs measurement",
      "",
      "No measurements were given (`wattsweep paper --measured FILE --columns ... --measured-profile NAME`): every alpha and every " +
        "band in this report is the model's own. It says how far the model's outputs move under the stated input uncertainties, " +
        "not whether the model is right.",
      "",
    ];
  }
  const claim = published().headline_claims.rebuttal_alpha_range_with_power_kv_correlation as number[];
  const r0 = m.results[0];
  return [
    "## Model vs measurement",
    "",
    `Measured: \`${m.file}\` (${r0.sweep.rows.length} rows; ${Object.entries(r0.sweep.columns).map(([role, col]) => `${role} = ${col}`).join(", ")}), ` +
      "a context sweep at the server's concurrency. tok/W = the instance's decode tok/s ÷ mean per-GPU power (the paper's " +
      "convention). Each context is compared with the model at its own n_max (the paper's Table 1 point) and at the measured " +
      "concurrency. The measured alpha is the least-squares slope of ln tok/W on ln context with a Student-t 95 % confidence " +
      "interval; the model's alpha is fitted to its values at the same contexts.",
    "",
    ...m.results.flatMap((r) => profileBlock(r, claim)),
    ...m.figures.map((f) => `![${f.caption}](figures/${f.name}.svg)\n\n*Figure: ${f.caption}.*\n`),
  ];
}
