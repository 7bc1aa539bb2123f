// The report's four figures as plain SVG (src/io/svg.ts): tok/W against context with bands
// and the 1/W reference, alpha against beta, the Monte Carlo gain distributions, and the
// Table 3 cells with their seed-noise bars. Each one is readable on its own: title, axes
// with units, legend.
import { PAPER_B_SHORT } from "../../fleet/index.ts";
import { plotSvg, type Series } from "../../io/svg.ts";
import { BETA_REFERENCE_CTX } from "../../model/index.ts";
import type { Distribution } from "../../sweep/index.ts";
import { describeFactor, kTokens } from "./wording.ts";
import { GAIN_KINDS, type GainKind, type GainRow } from "./monteCarloResults.ts";
import type { AlphaRow, TokWRow } from "./powerKvResults.ts";
import { B200_V1, B200_V2, H100, PROFILE_COLORS, PROFILE_LABELS } from "./profiles.ts";
import { PAPER_SEED, type NoiseRow } from "./samplerNoiseResults.ts";

export interface Figure {
  /** file name without extension (written under figures/) */
  name: string;
  caption: string;
  svg: string;
}

const GREY = "#7f7f7f";
const BLACK = "#222222";
const PUBLISHED = "#2ca02c";
const CORRELATION_COLORS = ["#1f77b4", "#ff7f0e"];
const WORKLOAD_COLORS: Record<string, string> = { azure: "#1f77b4", lmsys_multiturn: "#d62728" };

const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/** Points with whiskers from rows that carry a median and a p5–p95 interval. */
function whiskers(label: string, color: string, x: number[], rows: ReadonlyArray<{ p5: number; p50: number; p95: number }>): Series {
  return { kind: "points", label, color, x, y: rows.map((r) => r.p50), lo: rows.map((r) => r.p5), hi: rows.map((r) => r.p95) };
}

export function tokWFigure(rows: readonly TokWRow[], powerFactor: Distribution, b200Factor: Distribution): Figure {
  const betas = unique(rows.map((r) => r.beta));
  const [b0, bMax] = [Math.min(...betas), Math.max(...betas)];
  const pick = (profile: string, beta: number) => rows.filter((r) => r.profile === profile && r.beta === beta);
  const banded = [H100, B200_V1];
  const series: Series[] = [];
  for (const profile of [H100, B200_V1, B200_V2]) {
    const [at0, atMax] = [pick(profile, b0), pick(profile, bMax)];
    if (at0.length === 0) continue;
    const [name, color] = [PROFILE_LABELS[profile], PROFILE_COLORS[profile]];
    const x = at0.map((r) => r.ctx);
    if (banded.includes(profile)) {
      series.push({ kind: "band", label: `${name}: p5–p95`, x, lo: at0.map((r) => r.p5), hi: at0.map((r) => r.p95), color });
    }
    series.push(
      { kind: "line", label: `${name}: model, beta = ${b0}`, x, y: at0.map((r) => r.nominal), color },
      { kind: "line", label: `${name}: model, beta = ${bMax}`, x: atMax.map((r) => r.ctx), y: atMax.map((r) => r.nominal), color, dashed: true },
    );
  }
  const h100 = pick(H100, b0);
  const anchor = h100[0];
  series.push({
    kind: "line", label: `1/context reference (slope −1, through H100 at ${kTokens(anchor.ctx)})`, color: GREY, dashed: true,
    x: h100.map((r) => r.ctx), y: h100.map((r) => (anchor.nominal * anchor.ctx) / r.ctx),
  });
  return {
    name: "tokw-vs-context",
    caption: `tok/W against the context window for H100 and both B200 profiles at beta = ${b0} (solid; bands p5–p95 for H100 and ` +
      `B200 v1 under the power factor ${describeFactor(powerFactor)} per GPU and the B200 W and H ${describeFactor(b200Factor)}) ` +
      `and at beta = ${bMax} (dashed), beside a line of slope −1 (tok/W ∝ 1/context)`,
    svg: plotSvg({
      title: "Tokens per joule vs context window (Llama-3.1-70B, TP8, full batch), log-log",
      x: { label: "serving context window (tokens, log scale)", scale: "log", base: 2, format: kTokens },
      y: { label: "tokens per joule (tok/s per W per GPU, log scale)", scale: "log" },
      series, legend: "bottom-left", width: 860, height: 560,
    }),
  };
}

export function alphaFigure(rows: readonly AlphaRow[], claim: readonly number[]): Figure {
  const betas = unique(rows.map((r) => r.beta)).sort((a, b) => a - b);
  const ranges = unique(rows.map((r) => r.range));
  const series: Series[] = [{
    kind: "band", label: `rebuttal's claim: alpha in [${claim[0]}, ${claim[1]}]`, color: GREY,
    x: [betas[0], betas[betas.length - 1]], lo: [claim[0], claim[0]], hi: [claim[1], claim[1]],
  }];
  for (const profile of unique(rows.map((r) => r.profile))) {
    const [name, color] = [PROFILE_LABELS[profile], PROFILE_COLORS[profile]];
    const [main, other] = ranges.map((range) =>
      betas.map((beta) => rows.find((r) => r.profile === profile && r.beta === beta && r.range === range)!));
    series.push(
      { kind: "band", label: `${name}, ${ranges[0]}: p5–p95`, x: betas, lo: main.map((r) => r.p5), hi: main.map((r) => r.p95), color },
      { kind: "line", label: `${name}, ${ranges[0]}: model`, x: betas, y: main.map((r) => r.nominal), color },
      { kind: "line", label: `${name}, ${ranges[1]}: model`, x: betas, y: other.map((r) => r.nominal), color, dashed: true },
    );
  }
  return {
    name: "alpha-vs-beta",
    caption: `alpha against beta for each profile (solid: ${ranges[0]}, with the p5–p95 band of the uncertain beta; ` +
      `dashed: ${ranges[1]}), against the rebuttal's [${claim[0]}, ${claim[1]}] (grey)`,
    svg: plotSvg({
      title: "Fitted exponent alpha (tok/W ∝ context^−alpha) vs KV-correlated power slope beta",
      x: { label: `beta: power grows by (1 + beta · ctx/${BETA_REFERENCE_CTX})   (dimensionless)`, scale: "linear" },
      // room below the claim's band for the legend
      y: { label: "alpha (log-log least-squares slope, dimensionless)", scale: "linear", min: claim[0] - (claim[1] - claim[0]) },
      series, legend: "bottom-right", width: 860, height: 600,
    }),
  };
}

export function gainFigure(rows: readonly GainRow[], reading: string, claimRange: readonly number[],
  paper: Readonly<Record<GainKind, number>>, samples: number): Figure {
  const used = rows.filter((r) => r.b200 === reading);
  const categories = unique(used.map((r) => r.workload)).flatMap((w) => GAIN_KINDS.map((g) => ({ w, g })));
  const xOf = (w: string, g: string) => categories.findIndex((c) => c.w === w && c.g === g) + 1;
  const correlations = unique(used.map((r) => r.correlation));
  const offset = (i: number) => (i - (correlations.length - 1) / 2) * 0.22;
  const series: Series[] = [];
  const combined = xOf("azure", "combined");
  if (combined > 0) {
    series.push({
      kind: "band", label: `rebuttal: combined gain ${claimRange[0]}–${claimRange[1]}× (azure)`, color: GREY,
      x: [combined - 0.4, combined + 0.4], lo: [claimRange[0], claimRange[0]], hi: [claimRange[1], claimRange[1]],
    });
  }
  correlations.forEach((c, i) => {
    const pts = used.filter((r) => r.correlation === c);
    series.push(whiskers(`${c} power factors: median, whiskers p5–p95`, CORRELATION_COLORS[i % 2],
      pts.map((r) => xOf(r.workload, r.gain) + offset(i)), pts));
  });
  const exact = used.filter((r) => r.correlation === correlations[0]);
  series.push(
    { kind: "points", label: "unperturbed model (exact Table 3)", color: BLACK, x: exact.map((r) => xOf(r.workload, r.gain)),
      y: exact.map((r) => r.nominal) },
    { kind: "points", label: "paper's published gains (azure)", color: PUBLISHED, x: GAIN_KINDS.map((g) => xOf("azure", g) - 0.4),
      y: GAIN_KINDS.map((g) => paper[g]) },
  );
  const tick = (v: number) => {
    const c = categories[Math.round(v) - 1];
    return c ? `${c.w === "lmsys_multiturn" ? "lmsys-mt" : c.w}: ${c.g}` : "";
  };
  return {
    name: "gain-distributions",
    caption: `routing, generation and combined gains per workload: median and p5–p95 over the Monte Carlo samples with ` +
      `independent and shared power factors, the unperturbed model, the paper's azure gains and the rebuttal's combined range`,
    svg: plotSvg({
      title: `Table 3 gains under the referee's Monte Carlo (${samples} samples; B200 uncertainty on ${reading})`,
      x: { label: "workload: gain (tok/W ratio)", scale: "linear", min: 0.4, max: categories.length + 0.6,
        ticks: categories.map((_, i) => i + 1), format: tick },
      y: { label: "gain (× tok/W)", scale: "linear", min: 1 },
      series, legend: "top-right", width: 980, height: 560,
    }),
  };
}

export function seedNoiseFigure(rows: readonly NoiseRow[], seedRange: string): Figure {
  const cells = rows.filter((r) => r.quantity === "fleet_tok_per_w");
  // every value in % of its cell's exact expectation
  const rel = (r: NoiseRow, v: number) => (v / r.exact - 1) * 100;
  const relBand = (r: NoiseRow) => ({ p5: rel(r, r.band.p5), p50: rel(r, r.band.p50), p95: rel(r, r.band.p95) });
  const x = cells.map((_, i) => i + 1);
  const series: Series[] = [];
  for (const w of unique(cells.map((r) => r.workload))) {
    const idx = x.filter((_, i) => cells[i].workload === w);
    series.push(whiskers(`${w}: seeds ${seedRange}, median, whiskers p5–p95`, WORKLOAD_COLORS[w] ?? BLACK, idx,
      idx.map((i) => relBand(cells[i - 1]))));
  }
  const withDigit = x.filter((i) => cells[i - 1].published !== null);
  series.push(
    whiskers(`min–max over seeds ${seedRange}`, GREY, x.map((v) => v + 0.25),
      cells.map((r) => ({ p5: rel(r, r.band.min), p50: rel(r, r.band.p50), p95: rel(r, r.band.max) }))),
    { kind: "points", label: `published digit (seed ${PAPER_SEED})`, color: PUBLISHED, x: withDigit.map((i) => i - 0.25),
      y: withDigit.map((i) => rel(cells[i - 1], cells[i - 1].published!)) },
    { kind: "line", label: "exact expectation (no sampling noise)", x: [0.5, cells.length + 0.5], y: [0, 0], color: GREY, dashed: true },
  );
  const workloads = unique(cells.map((r) => r.workload)).map((w) => `${w} B = ${PAPER_B_SHORT[w]}`).join("; ");
  const tick = (v: number) => {
    const r = cells[Math.round(v) - 1];
    return r ? `${r.gpu} ${r.topology === "fleetopt" ? "FO" : r.topology}` : "";
  };
  return {
    name: "table3-seed-noise",
    caption: `every Table 3 fleet tok/W cell under the paper's reference sampler for seeds ${seedRange}, in % of the exact ` +
      `expectation: median with p5–p95 whiskers, min–max (grey), and the published digit (seed ${PAPER_SEED}, green); FO = FleetOpt`,
    svg: plotSvg({
      title: "Table 3 fleet tok/W: the reference sampler's seed noise, relative to the exact expectation",
      x: { label: `Table 3 cell, by colour of workload (${workloads}); FO = FleetOpt`, scale: "linear", min: 0.5,
        max: cells.length + 0.5, ticks: x, format: tick },
      y: { label: "fleet tok/W vs exact expectation (%)", scale: "linear" },
      series, legend: "bottom-left", width: 1000, height: 560,
    }),
  };
}
