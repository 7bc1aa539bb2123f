// The referee's three studies end to end: run the shipped sweeps (src/sweep, on worker
// threads), read their bands back, and write the tables with bands, the figures and
// REPORT.md next to the paper's tables.
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { floatColumn, stringColumn, tableFromRows, writeFileAtomic, writeTableFiles, type ColumnTable } from "../../io/index.ts";
import { runSweep, type Plan } from "../../sweep/index.ts";
import { published } from "../published.ts";
import { readBands, type BandRow } from "./bandsFile.ts";
import { alphaFigure, gainFigure, seedNoiseFigure, tokWFigure } from "./figures.ts";
import { gainRows, monteCarloCells, type MonteCarloCell } from "./monteCarloResults.ts";
import { alphaRows, tokWRows } from "./powerKvResults.ts";
import { reportMarkdown } from "./report.ts";
import { cellNoiseRows, gainNoiseRows, type NoiseRow } from "./samplerNoiseResults.ts";

export const STUDIES = ["referee-power-kv", "referee-montecarlo", "sampler-noise"] as const;
export const SHIPPED_SWEEPS = resolve(fileURLToPath(new URL("../../../sweeps", import.meta.url)));
/** The Monte Carlo's main reading of "B200 uncertainty" (see the report's decisions). */
export const DEFAULT_B200_READING = "latency";

export interface StudiesOptions {
  /** results folder (the paper's: results/paper) */
  out: string;
  /** folder holding the three sweep files (default: the shipped sweeps/) */
  sweeps?: string;
  workers?: number;
}

export interface StudiesResult {
  files: string[];
  seconds: Record<string, number>;
}

async function runStudy(name: string, o: StudiesOptions): Promise<{ plan: Plan; bands: BandRow[]; seconds: number }> {
  const dir = join(o.out, name);
  const r = await runSweep({ file: join(o.sweeps ?? SHIPPED_SWEEPS, `${name}.ts`), out: dir, workers: o.workers, progress: null });
  return { plan: r.plan, bands: readBands(dir), seconds: r.seconds };
}

function numbers(plan: Plan, dim: string): number[] {
  return (plan.dims.find((d) => d.name === dim)?.values ?? []) as number[];
}

function strings(plan: Plan, dim: string): string[] {
  return (plan.dims.find((d) => d.name === dim)?.values ?? []).map(String);
}

function table3BandsTable(noise: NoiseRow[], mc: MonteCarloCell[], gpuProfile: Record<string, string>): ColumnTable {
  const rows = noise.map((r) => {
    const m = (correlation: string) => mc.find((c) => c.correlation === correlation && c.b200 === DEFAULT_B200_READING &&
      c.workload === r.workload && c.gpu === gpuProfile[r.gpu] && c.topology === r.topology);
    const tokW = r.quantity === "fleet_tok_per_w";
    const gpus = r.quantity === "total_gpus";
    const mcStat = (correlation: string, f: (c: MonteCarloCell) => number) => {
      const c = m(correlation);
      return c === undefined || !(tokW || gpus) ? NaN : f(c);
    };
    return {
      workload: r.workload, topology: r.topology, gpu: r.gpu, quantity: r.quantity, exact: r.exact, seed42: r.seed42 ?? NaN,
      published: r.published ?? NaN, seed_p5: r.band.p5, seed_p50: r.band.p50, seed_p95: r.band.p95, seed_min: r.band.min,
      seed_max: r.band.max, published_percentile: r.publishedPercentile ?? NaN,
      mc_independent_p5: mcStat("independent", (c) => (tokW ? c.tokPerW.p5 : c.gpus.min)),
      mc_independent_p95: mcStat("independent", (c) => (tokW ? c.tokPerW.p95 : c.gpus.max)),
      mc_shared_p5: mcStat("shared", (c) => (tokW ? c.tokPerW.p5 : c.gpus.min)),
      mc_shared_p95: mcStat("shared", (c) => (tokW ? c.tokPerW.p95 : c.gpus.max)),
    };
  });
  const f = (name: keyof (typeof rows)[number] & string, unit: string) => ({ name, unit, kind: "float" as const });
  return tableFromRows(rows, [
    { name: "workload", kind: "string" }, { name: "topology", kind: "string" }, { name: "gpu", kind: "string" },
    { name: "quantity", kind: "string" }, f("exact", "quantity's unit"), f("seed42", "quantity's unit"), f("published", "quantity's unit"),
    f("seed_p5", "quantity's unit"), f("seed_p50", "quantity's unit"), f("seed_p95", "quantity's unit"),
    f("seed_min", "quantity's unit"), f("seed_max", "quantity's unit"), f("published_percentile", "percent"),
    f("mc_independent_p5", "tok/J (GPUs: min)"), f("mc_independent_p95", "tok/J (GPUs: max)"),
    f("mc_shared_p5", "tok/J (GPUs: min)"), f("mc_shared_p95", "tok/J (GPUs: max)"),
  ]);
}

/** Runs the three studies into `out` and writes the tables with bands, the figures and REPORT.md. */
export async function runStudies(o: StudiesOptions): Promise<StudiesResult> {
  const kv = await runStudy("referee-power-kv", o);
  const mc = await runStudy("referee-montecarlo", o);
  const noise = await runStudy("sampler-noise", o);
  const claims = published().headline_claims;

  const alpha = alphaRows(kv.bands, strings(kv.plan, "profile"), numbers(kv.plan, "beta"));
  const tokW = tokWRows(kv.bands);
  const gains = gainRows(mc.bands);
  const mcCells = monteCarloCells(mc.bands);
  const cellNoise = cellNoiseRows(noise.bands);
  const gainNoise = gainNoiseRows(noise.bands);

  const written: string[] = [];
  const write = async (name: string, table: ColumnTable) => {
    await writeTableFiles(o.out, name, table, { study: name });
    written.push(`${name}.csv`, `${name}.arrow`);
  };
  await write("table1_bands", tableFromRows(tokW, [
    { name: "profile", kind: "string" }, { name: "beta", unit: "1", kind: "float" }, { name: "ctx", unit: "tokens", kind: "int" },
    { name: "nominal", unit: "tokens/J", kind: "float" }, { name: "p5", unit: "tokens/J", kind: "float" },
    { name: "p50", unit: "tokens/J", kind: "float" }, { name: "p95", unit: "tokens/J", kind: "float" },
  ]));
  await write("alpha", tableFromRows(alpha, [
    { name: "profile", kind: "string" }, { name: "beta", unit: "1", kind: "float" }, { name: "range", kind: "string" },
    ...(["nominal", "p5", "p50", "p95", "min", "max"] as const).map((name) => ({ name, unit: "1", kind: "float" as const })),
  ]));
  await write("gains", tableFromRows(gains, [
    { name: "workload", kind: "string" }, { name: "correlation", kind: "string" }, { name: "b200", kind: "string" },
    { name: "gain", kind: "string" },
    ...(["nominal", "mean", "p5", "p25", "p50", "p75", "p95"] as const).map((name) => ({ name, unit: "ratio", kind: "float" as const })),
    { name: "routingDominant", unit: "fraction of samples", kind: "float" },
  ]));
  const gpuProfile = Object.fromEntries(strings(mc.plan, "gpu").map((p) => [p.startsWith("h100") ? "H100" : "B200", p]));
  await write("table3_bands", table3BandsTable([...cellNoise], mcCells, gpuProfile));
  await write("seed_noise_gains", {
    columns: [
      stringColumn("workload", gainNoise.map((r) => r.workload)), stringColumn("gain", gainNoise.map((r) => r.quantity)),
      ...(["exact", "seed42", "published", "p5", "p50", "p95", "min", "max"] as const).map((k) => floatColumn(k, "ratio",
        gainNoise.map((r) => (k === "exact" ? r.exact : k === "seed42" ? r.seed42 ?? NaN : k === "published" ? r.published ?? NaN : r.band[k])))),
    ],
    length: gainNoise.length,
  });

  const seeds = numbers(noise.plan, "samplerSeed");
  const kvDist = Object.fromEntries(kv.plan.perturbations.map((p) => [p.name, p.dist]));
  const figures = [
    tokWFigure(tokW, kvDist.powerFactor, kvDist.b200W),
    alphaFigure(alpha, claims.rebuttal_alpha_range_with_power_kv_correlation as number[]),
    gainFigure(gains, DEFAULT_B200_READING, claims.rebuttal_combined_gain_range_mc as number[], {
      routing: claims.routing_gain_h100_azure as number, generation: claims.generation_gain_homo_azure as number,
      combined: claims.combined_gain_azure as number,
    }, mc.plan.samples),
    seedNoiseFigure(cellNoise, `${Math.min(...seeds)}–${Math.max(...seeds)}`),
  ];
  for (const f of figures) {
    writeFileAtomic(join(o.out, "figures", `${f.name}.svg`), f.svg);
    written.push(`figures/${f.name}.svg`);
  }
  const files = [...STUDIES.flatMap((s) => ["bands.csv", "bands.arrow", "manifest.json"].map((f) => `${s}/${f}`)), ...written];
  const report = reportMarkdown({
    powerKv: { plan: kv.plan, alpha, tokW },
    monteCarlo: { plan: mc.plan, gains, cells: mcCells, defaultReading: DEFAULT_B200_READING },
    samplerNoise: { plan: noise.plan, cells: cellNoise, gains: gainNoise },
    figures, files,
  });
  writeFileAtomic(join(o.out, "REPORT.md"), report);
  return { files: [...files, "REPORT.md"], seconds: { [STUDIES[0]]: kv.seconds, [STUDIES[1]]: mc.seconds, [STUDIES[2]]: noise.seconds } };
}
