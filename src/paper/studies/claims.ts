// REPORT.md's "Claims at a glance": each claim of the paper and the rebuttal beside this
// run's numbers, judged fairly: only on the workload and profiles it was made for
// (CLAIM_SCOPE; the rest shown as extensions, "not claimed"), at the precision it is stated
// in, and under every reading of an uncertainty when the readings disagree.
import { published, publishedV2 } from "../published.ts";
import { table3Gains, table3Rows } from "../table3.ts";
import { digits } from "./wording.ts";
import { alphaAgainstClaim, type MeasuredStudy } from "./measured.ts";
import type { GainRow } from "./monteCarloResults.ts";
import type { AlphaRow } from "./powerKvResults.ts";
import { B200_V2, PROFILE_LABELS } from "./profiles.ts";
import { PAPER_SEED, type NoiseRow } from "./samplerNoiseResults.ts";
import { alphaVerdicts, CLAIM_SCOPE, decimalsOf, gainVerdicts, type GainVerdict } from "./verdicts.ts";

export interface ClaimsInput {
  alpha: AlphaRow[];
  betas: number[];
  gains: GainRow[];
  /** the B200 uncertainty readings run, main one first */
  readings: string[];
  /** the headline gains under the reference sampler's seed noise (study 3) */
  noiseGains: NoiseRow[];
  /** whether a published digit lies inside its seed band (report.ts's rule) */
  inBand: (r: NoiseRow) => boolean;
  measured?: MeasuredStudy;
}

const label = (profile: string) => PROFILE_LABELS[profile] ?? profile;
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const words = (d: number) => `${["no", "one", "two", "three"][d] ?? d} decimal${d === 1 ? "" : "s"}`;

function mdTable(rows: string[][]): string {
  const line = (r: string[]) => `| ${r.join(" | ")} |`;
  return [line(rows[0]), line(rows[0].map(() => "---")), ...rows.slice(1).map(line)].join("\n");
}

/** "holds" / "does not hold" per reading; one verdict when every reading agrees. */
function byReading(vs: readonly GainVerdict[], readings: readonly string[], ok: (v: GainVerdict) => boolean,
  detail: (v: GainVerdict) => string): string {
  const per = readings.map((r) => {
    const mine = vs.filter((v) => v.b200 === r);
    const good = mine.filter(ok).map((v) => v.correlation);
    const bad = mine.filter((v) => !ok(v));
    const text = bad.length === 0 ? `holds (${good.join(", ")})`
      : `does not hold (${bad.map((v) => `${v.correlation}: ${detail(v)}`).join("; ")})${good.length ? `; holds (${good.join(", ")})` : ""}`;
    return { r, text, all: bad.length === 0 };
  });
  if (per.every((p) => p.text === per[0].text)) return `${per[0].text}, under every reading of the B200 uncertainty`;
  return per.map((p) => `B200 uncertainty on ${p.r}: ${p.text}`).join("<br>");
}

function gainNumbers(vs: readonly GainVerdict[], readings: readonly string[], value: (v: GainVerdict) => string): string {
  return readings.map((r) => `on ${r}: ${vs.filter((v) => v.b200 === r).map((v) => `${v.correlation} ${value(v)}`).join("; ")}`).join("<br>");
}

/** The precision and scope rules, with an example from this run's p95s when one holds and one does not. */
function rules(range: readonly number[], azure: readonly GainVerdict[]): string {
  const d = Math.max(...range.map(decimalsOf));
  const p95 = azure.map((v) => v.p95);
  const holds = p95.filter((x) => Number(x.toFixed(d)) <= range[1]);
  const fails = p95.filter((x) => Number(x.toFixed(d)) > range[1]);
  const example = holds.length && fails.length
    ? ` (combined gain ${range[0]}–${range[1]}×, ${words(d)}: a p95 of ${digits(Math.max(...holds), 2)} reads as ` +
      `${digits(Math.max(...holds), d)} and is inside, one of ${digits(Math.min(...fails), 2)} reads as ${digits(Math.min(...fails), d)} and is not)`
    : "";
  return "**How claims are judged** (stated once for the whole report): a claim is judged only on the workload and the profiles " +
    `it was made for: the paper's and the rebuttal's gains on ${CLAIM_SCOPE.workload}, the rebuttal's alpha on the v1 profiles ` +
    `(${CLAIM_SCOPE.alphaProfiles.map(label).join(", ")}). Other workloads and profiles are shown as extensions, marked ` +
    `"not claimed", with their numbers. Numbers are compared at the precision the claim is stated in${example}; a range claimed ` +
    "for a Monte Carlo is read as its p5–p95 interval. When readings of an uncertainty give different verdicts, each is shown. " +
    "The B200 of the v2 revision has its power curve anchored to one measured point at batch 1; it is a model, not measured data.";
}

export function claimsSection(c: ClaimsInput): string[] {
  const claims = published().headline_claims;
  const alphaClaim = claims.rebuttal_alpha_range_with_power_kv_correlation as number[];
  const range = claims.rebuttal_combined_gain_range_mc as number[];
  const minFraction = claims.rebuttal_routing_dominant_fraction_min as number;
  const beta = Math.max(...c.betas);
  const av = alphaVerdicts(c.alpha, alphaClaim);
  const gv = gainVerdicts(c.gains, range, minFraction);
  const azure = gv.filter((v) => v.claimed);
  const others = gv.filter((v) => !v.claimed);
  const alphaText = (v: (typeof av)[number]) => `${label(v.profile)}: ${digits(v.nominalMin, 3)}–${digits(v.nominalMax, 3)} ` +
    `(bands ${digits(v.bandMin, 3)}–${digits(v.bandMax, 3)})`;
  const alphaVerdict = (v: (typeof av)[number]) => `${label(v.profile)}: ${v.nominalHolds ? "holds" : `does not hold (beta ≥ ${v.firstBetaOutside})`}`;
  const claimedAlpha = av.filter((v) => v.claimed);
  const rows = [["source", "claim", "scope", "wattsweep (this run)", "verdict"],
    ["rebuttal", `alpha in [${alphaClaim[0]}, ${alphaClaim[1]}] with KV-correlated power, beta ≤ ${beta}`, "v1 profiles",
      claimedAlpha.map(alphaText).join("<br>"), claimedAlpha.map(alphaVerdict).join("<br>")],
    ...av.filter((v) => !v.claimed).map((v) => ["extension", `the same alpha interval for ${label(v.profile)}`, "not claimed",
      alphaText(v), `not claimed; would ${v.nominalHolds ? "hold" : `not hold (beta ≥ ${v.firstBetaOutside})`}`]),
    ["rebuttal", `combined gain ${range[0]}–${range[1]}× (Monte Carlo)`, CLAIM_SCOPE.workload,
      gainNumbers(azure, c.readings, (v) => `p5/p50/p95 ${digits(v.p5, 2)}/${digits(v.p50, 2)}/${digits(v.p95, 2)}×`),
      byReading(azure, c.readings, (v) => v.rangeHolds, (v) => `p5–p95 ${digits(v.p5, 2)}–${digits(v.p95, 2)}×`)],
    ["rebuttal", `routing gain > generation gain in > ${pct(minFraction)} of samples`, CLAIM_SCOPE.workload,
      gainNumbers(azure, c.readings, (v) => pct(v.routing_dominant)),
      byReading(azure, c.readings, (v) => v.dominanceHolds, (v) => pct(v.routing_dominant))],
    ...[...new Set(others.map((v) => v.workload))].map((w) => ["extension", `the same Monte Carlo on ${w}`, "not claimed",
      gainNumbers(others.filter((v) => v.workload === w), c.readings,
        (v) => `combined p5–p95 ${digits(v.p5, 2)}–${digits(v.p95, 2)}×, routing > generation ${pct(v.routing_dominant)}`),
      "not claimed"]),
  ];
  for (const g of c.noiseGains.filter((r) => r.published !== null)) {
    rows.push(["paper", `${g.quantity.replace("_", " ")} ${g.published}×`, g.workload,
      `seed ${PAPER_SEED} ${digits(g.seed42!, 3)}; exact ${digits(g.exact, 3)}; seeds p5–p95 ${digits(g.band.p5, 3)}–${digits(g.band.p95, 3)}`,
      `${c.inBand(g) ? "within" : "outside"} the seed noise; the exact expectation is ${digits(g.exact, 2)}×`]);
  }
  rows.push(v2Row(azure));
  if (c.measured) rows.push(...measuredRows(c.measured, alphaClaim));
  const overall = claimedAlpha.every((v) => v.nominalHolds) ? "holds" : claimedAlpha.some((v) => v.nominalHolds) ? "holds only in part" : "does not hold";
  return [
    "## Claims at a glance",
    "",
    rules(range, azure),
    "",
    `On the profiles it was made for, the alpha claim ${overall}.`,
    "",
    mdTable(rows),
    "",
  ];
}

/** v2's published combined gain beside the v1 Monte Carlo band it would have to fall in. */
function v2Row(azure: readonly GainVerdict[]): string[] {
  const published = publishedV2().headline_claims.combined_gain_azure;
  const gain = (sampler: "exact" | "reference") =>
    table3Gains(table3Rows({ revision: "v2", sampler, seed: PAPER_SEED })).find((g) => g.workload === CLAIM_SCOPE.workload)!.combined;
  const lo = Math.min(...azure.map((v) => v.p5));
  const hi = Math.max(...azure.map((v) => v.p95));
  const d = decimalsOf(published);
  const inside = published >= Number(lo.toFixed(d)) && published <= Number(hi.toFixed(d));
  return ["paper v2", `combined gain ${published}× (${label(B200_V2)})`, CLAIM_SCOPE.workload,
    `v2 seed ${PAPER_SEED} ${digits(gain("reference"), 3)}; exact ${digits(gain("exact"), 3)}; v1 Monte Carlo p5–p95, widest over ` +
      `readings and power factors: ${digits(lo, 2)}–${digits(hi, 2)}×`,
    inside ? "inside the v1 Monte Carlo band"
      : `outside the v1 Monte Carlo band: v2's new B200 power moved the gain further than v1's stated uncertainty allowed`];
}

function measuredRows(m: MeasuredStudy, claim: readonly number[]): string[][] {
  const r = m.results[0];
  const text = r.validation.alpha.measured.map((a) =>
    a.ci95 ? `${a.range.label}: ${digits(a.value, 3)} [${digits(a.ci95[0], 3)}, ${digits(a.ci95[1], 3)}]` : `${a.range.label}: –`).join("<br>");
  const verdict = r.validation.alpha.measured.map((a) => `${a.range.label}: ${alphaAgainstClaim(a, claim)}`).join("<br>");
  return [["measurement", `alpha in [${claim[0]}, ${claim[1]}], measured (\`${m.file}\`)`, "the measured server",
    `measured alpha [95 % CI]: ${text}`, verdict]];
}
