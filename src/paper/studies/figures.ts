// The report's four figures as plain SVG (src/io/svg.ts): tok/W against context with bands
// and the 1/W reference, alpha against beta, the Monte Carlo gain distributions, and the
// Table 3 cells with their seed-noise bars.
import { plotSvg, type Series } from "../../io/svg.ts";
import type { Distribution } from "../../sweep/index.ts";
import type { AlphaRow, TokWRow } from "./powerKvResults.ts";
import type { GainRow } from "./monteCarloResults.ts";
import { PAPER_SEED, type NoiseRow } from "./samplerNoiseResults.ts";
import { BETA_REFERENCE_CTX } from "../../kernel/index.ts";
import { GAIN_KINDS } from "./monteCarloResults.ts";
import { describeFactor, kTokens } from "./describe.ts";
import { B200_V1, B200_V2, H100, PROFILE_COLORS, PROFILE_LABELS } from "./profiles.ts";

export interface Figure {
  /** file name without extension (written under figures/) */
  name: string;
  caption: string;
  svg: string;
}

const GREY = "#7f7f7f";
const BLACK = "#222222";
const PUBLISHED = "#2ca02c";

export function tokWFigure(rows: readonly TokWRow[], powerFactor: Distribution, b200Factor: Distribution): Figure {
  const betas = [...new Set(rows.map((r) => r.beta))];
  const [b0, bMax] = [Math.min(...betas), Math.max(...betas)];
  const pick = (profile: string, beta: number) => rows.filter((r) => r.profile === profile && r.beta === beta);
  const series: Series[] = [];
  for (const profile of [H100, B200_V1, B200_V2]) {
    const at0 = pick(profile, b0);
    if (at0.length === 0) continue;
    const color = PROFILE_COLORS[profile];
    const x = at0.map((r) => r.ctx);
    if (profile !== B200_V2) series.push({ kind: "band", label: `${PROFILE_LABELS[profile]}: p5–p95`, x, lo: at0.map((r) => r.p5), hi: at0.map((r) => r.p95), color });
    series.push({ kind: "line", label: `${PROFILE_LABELS[profile]}: model, beta = ${b0}`, x, y: at0.map((r) => r.nominal), color });
    const atMax = pick(profile, bMax);
    series.push({ kind: "line", label: `${PROFILE_LABELS[profile]}: model, beta = ${bMax}`, x: atMax.map((r) => r.ctx), y: atMax.map((r) => r.nominal), color, dashed: true });
  }
  const h100 = pick(H100, b0);
  const anchor = h100[0];
  series.push({ kind: "line", label: `1/context reference (slope −1, through H100 at ${kTokens(anchor.ctx)})`, x: h100.map((r) => r.ctx),
    y: h100.map((r) => (anchor.nominal * anchor.ctx) / r.ctx), color: GREY, dashed: true });
  const svg = plotSvg({
    title: "Tokens per joule vs context window (Llama-3.1-70B, TP8, full batch), log-log",
    x: { label: "serving context window (tokens, log scale)", scale: "log", base: 2, format: kTokens },
    y: { label: "tokens per joule (tok/s per W per GPU, log scale)", scale: "log" },
    series, legend: "bottom-left", width: 860, height: 560,
  });
  return {
    name: "tokw-vs-context",
    caption: `tok/W against the context window for H100 and both B200 profiles, beta = ${b0} (solid, with the p5–p95 band ` +
      `of the power factor ${describeFactor(powerFactor)} per GPU and, for B200, its W and H ${describeFactor(b200Factor)}) ` +
      `and beta = ${bMax} (dashed), beside a line of slope −1 (tok/W ∝ 1/W)`,
    svg,
  };
}

export function alphaFigure(rows: readonly AlphaRow[], claim: readonly number[]): Figure {
  const betas = [...new Set(rows.map((r) => r.beta))].sort((a, b) => a - b);
  const series: Series[] = [{
    kind: "band", label: `rebuttal's claim: alpha in [${claim[0]}, ${claim[1]}]`, x: [betas[0], betas[betas.length - 1]],
    lo: [claim[0], claim[0]], hi: [claim[1], claim[1]], color: GREY,
  }];
  const profiles = [...new Set(rows.map((r) => r.profile))];
  const ranges = [...new Set(rows.map((r) => r.range))];
  for (const profile of profiles) {
    const color = PROFILE_COLORS[profile];
    const [main, other] = ranges.map((range) => betas.map((beta) => rows.find((r) => r.profile === profile && r.beta === beta && r.range === range)!));
    series.push(
      { kind: "band", label: `${PROFILE_LABELS[profile]}, ${ranges[0]}: p5–p95`, x: betas, lo: main.map((r) => r.p5), hi: main.map((r) => r.p95), color },
      { kind: "line", label: `${PROFILE_LABELS[profile]}, ${ranges[0]}: model`, x: betas, y: main.map((r) => r.nominal), color },
      { kind: "line", label: `${PROFILE_LABELS[profile]}, ${ranges[1]}: model`, x: betas, y: other.map((r) => r.nominal), color, dashed: true },
    );
  }
  const svg = plotSvg({
    title: "Fitted exponent alpha (tok/W ∝ context^−alpha) vs KV-correlated power slope beta",
    x: { label: `beta: power grows by (1 + beta · ctx/${BETA_REFERENCE_CTX})   (dimensionless)`, scale: "linear" },
    y: { label: "alpha (log-log least-squares slope, dimensionless)", scale: "linear", min: 0.7 },
    series, legend: "bottom-right", width: 860, height: 600,
  });
  return {
    name: "alpha-vs-beta",
    caption: `alpha against beta for each profile (solid: ${ranges[0]}, with the p5–p95 band of the uncertain beta; ` +
      `dashed: ${ranges[1]}), against the rebuttal's [${claim[0]}, ${claim[1]}] (grey)`,
    svg,
  };
}

const GAIN_SHORT = { routing: "routing", generation: "generation", combined: "combined" } as const;

export function gainFigure(rows: readonly GainRow[], reading: string, claimRange: readonly number[], paper: Record<string, number>,
  samples: number): Figure {
  const used = rows.filter((r) => r.b200 === reading);
  const workloads = [...new Set(used.map((r) => r.workload))];
  const categories = workloads.flatMap((w) => GAIN_KINDS.map((g) => ({ w, g })));
  const xOf = (w: string, g: string) => categories.findIndex((c) => c.w === w && c.g === g) + 1;
  const correlations = [...new Set(used.map((r) => r.correlation))];
  const offset = (i: number) => (i - (correlations.length - 1) / 2) * 0.22;
  const series: Series[] = [];
  const combinedX = xOf("azure", "combined");
  if (combinedX > 0) {
    series.push({ kind: "band", label: `rebuttal: combined gain ${claimRange[0]}–${claimRange[1]}× (azure)`,
      x: [combinedX - 0.4, combinedX + 0.4], lo: [claimRange[0], claimRange[0]], hi: [claimRange[1], claimRange[1]], color: GREY });
  }
  correlations.forEach((c, i) => {
    const pts = used.filter((r) => r.correlation === c);
    series.push({ kind: "points", label: `${c} power factors: median, whiskers p5–p95`, x: pts.map((r) => xOf(r.workload, r.gain) + offset(i)),
      y: pts.map((r) => r.p50), lo: pts.map((r) => r.p5), hi: pts.map((r) => r.p95), color: ["#1f77b4", "#ff7f0e"][i % 2] });
  });
  const exact = used.filter((r) => r.correlation === correlations[0]);
  series.push({ kind: "points", label: "unperturbed model (exact Table 3)", x: exact.map((r) => xOf(r.workload, r.gain)), y: exact.map((r) => r.nominal), color: BLACK });
  const paperPts = GAIN_KINDS.filter((g) => paper[g] !== undefined);
  series.push({ kind: "points", label: "paper's published gains (azure)", x: paperPts.map((g) => xOf("azure", g) - 0.4), y: paperPts.map((g) => paper[g]), color: PUBLISHED });
  const svg = plotSvg({
    title: `Table 3 gains under the referee's Monte Carlo (${samples} samples; B200 uncertainty on ${reading})`,
    x: { label: "workload: gain (tok/W ratio)", scale: "linear", min: 0.4, max: categories.length + 0.6, ticks: categories.map((_, i) => i + 1),
      format: (v) => { const c = categories[Math.round(v) - 1]; return c ? `${c.w === "azure" ? "azure" : "lmsys-mt"}: ${GAIN_SHORT[c.g]}` : ""; } },
    y: { label: "gain (× tok/W)", scale: "linear", min: 1 },
    series, legend: "top-right", width: 980, height: 560,
  });
  return {
    name: "gain-distributions",
    caption: `routing, generation and combined gains per workload: median and p5–p95 over the Monte Carlo samples with ` +
      `independent and shared power factors, the unperturbed model, the paper's azure gains and the rebuttal's combined range`,
    svg,
  };
}

export function seedNoiseFigure(rows: readonly NoiseRow[], seedRange: string): Figure {
  const cells = rows.filter((r) => r.quantity === "fleet_tok_per_w");
  const rel = (v: number, r: NoiseRow) => (v / r.exact - 1) * 100;
  const x = cells.map((_, i) => i + 1);
  const series: Series[] = [];
  for (const [w, color] of [["azure", "#1f77b4"], ["lmsys_multiturn", "#d62728"]] as const) {
    const idx = cells.flatMap((r, i) => (r.workload === w ? [i] : []));
    if (idx.length === 0) continue;
    series.push({ kind: "points", label: `${w}: seeds ${seedRange}, median, whiskers p5–p95`, x: idx.map((i) => x[i]),
      y: idx.map((i) => rel(cells[i].band.p50, cells[i])), lo: idx.map((i) => rel(cells[i].band.p5, cells[i])),
      hi: idx.map((i) => rel(cells[i].band.p95, cells[i])), color });
  }
  series.push({ kind: "points", label: `min–max over seeds ${seedRange}`, x: x.map((v) => v + 0.25), y: cells.map((r) => rel(r.band.p50, r)),
    lo: cells.map((r) => rel(r.band.min, r)), hi: cells.map((r) => rel(r.band.max, r)), color: GREY });
  const pub = cells.flatMap((r, i) => (r.published === null ? [] : [i]));
  series.push({ kind: "points", label: `published digit (seed ${PAPER_SEED})`, x: pub.map((i) => x[i] - 0.25), y: pub.map((i) => rel(cells[i].published!, cells[i])), color: PUBLISHED });
  series.push({ kind: "line", label: "exact expectation (no sampling noise)", x: [0.5, cells.length + 0.5], y: [0, 0], color: GREY, dashed: true });
  const svg = plotSvg({
    title: "Table 3 fleet tok/W: the reference sampler's seed noise, relative to the exact expectation",
    x: { label: "Table 3 cell (blue: azure, B = 4096; red: lmsys_multiturn, B = 1536)", scale: "linear", min: 0.5, max: cells.length + 0.5,
      ticks: x, format: (v) => { const r = cells[Math.round(v) - 1]; return r ? `${r.gpu} ${r.topology === "fleetopt" ? "FO" : r.topology}` : ""; } },
    y: { label: "fleet tok/W vs exact expectation (%)", scale: "linear" },
    series, legend: "bottom-left", width: 1000, height: 560,
  });
  return {
    name: "table3-seed-noise",
    caption: `every Table 3 fleet tok/W cell under the paper's reference sampler for seeds ${seedRange}, in % of the exact ` +
      `expectation: median with p5–p95 whiskers, min–max (grey), and the published digit (seed ${PAPER_SEED}, green); FO = FleetOpt`,
    svg,
  };
}
