// The referee's three studies end to end: run the shipped sweeps (src/sweep, on worker
// threads), take their bands in memory, and write the tables with bands, the figures and
// REPORT.md next to the paper's tables. The sweeps and section 4's simulations share one
// pool and run at once: none depends on another, and the workers never wait for one
// study's last chunk, its file writing or the next study's plan.
import { join } from "node:path";
import { TABLE_FORMATS, writeFileAtomic, writeTableFiles, type ColumnTable, type TableFormat } from "../../io/index.ts";
import { SharedPool } from "../../execute/pool.ts";
import { runSweep, type Plan } from "../../sweep/index.ts";
import { checkWorkers } from "../../sweep/limits.ts";
import { packagePath } from "../../packageRoot.ts";
import { published } from "../published.ts";
import type { BandRow } from "./bandRows.ts";
import { fleetBindingSection } from "./fleetBinding.ts";
import { alphaFigure, gainFigure, seedNoiseFigure, tokWFigure } from "./figures.ts";
import { gainRows, monteCarloCells } from "./monteCarloResults.ts";
import { alphaRows, tokWRows } from "./powerKvResults.ts";
import type { MeasuredStudy } from "./measured.ts";
import { reportMarkdown } from "./report.ts";
import { indexGroups, type SensitivityInput } from "./sensitivityResults.ts";
import { cellNoiseRows, gainNoiseRows } from "./samplerNoiseResults.ts";
import { alphaTable, gainsTable, seedNoiseGainsTable, table1BandsTable, table3BandsTable } from "./tables.ts";

export const STUDIES = ["referee-power-kv", "referee-montecarlo", "sampler-noise"] as const;
/** Study 4's sweeps (Sobol' indices); their folders hold indices.* and a chart per metric too. */
export const SENSITIVITY_STUDIES = ["referee-sensitivity", "referee-sensitivity-alpha"] as const;
export const SHIPPED_SWEEPS = packagePath("sweeps");
/** The Monte Carlo's main reading of "B200 uncertainty" (see the report's decisions). */
export const DEFAULT_B200_READING = "latency";

export interface StudiesOptions {
  /** results folder (the paper's: results/paper) */
  out: string;
  /** aborts the running study (Ctrl-C, SIGTERM) */
  signal?: AbortSignal;
  /** where `out` will be once written (the paper writes into a temporary folder), for messages */
  outLabel?: string;
  /** requests simulated per pool in the report's check of Table 3 (default 200 000) */
  desRequests?: number;
  /** folder holding the three sweep files (default: the shipped sweeps/) */
  sweeps?: string;
  workers?: number;
  /** a measured context sweep against profiles (REPORT.md's model-vs-measurement section) */
  measured?: MeasuredStudy;
  /** formats of the tables and the studies' bands (default csv, arrow, parquet) */
  formats?: readonly TableFormat[];
}

export interface StudiesResult {
  files: string[];
  seconds: Record<string, number>;
}

/** What a study's sweep runs on: the shared pool, and the signal that stops them all. */
interface Running {
  pool: SharedPool;
  signal: AbortSignal;
}

function sweep(name: string, o: StudiesOptions, r: Running) {
  // progress of each study on stderr (a live line on a terminal, one summary line otherwise)
  return runSweep({ file: join(o.sweeps ?? SHIPPED_SWEEPS, `${name}.ts`), out: join(o.out, name), pool: r.pool, signal: r.signal,
    formats: o.formats, outLabel: o.outLabel && join(o.outLabel, name) });
}

async function runStudy(name: string, o: StudiesOptions, run: Running): Promise<{ plan: Plan; bands: BandRow[]; seconds: number }> {
  const r = await sweep(name, o, run);
  return { plan: r.plan, bands: r.bands!.rows(), seconds: r.seconds }; // not a shard: bands are there
}

async function runSensitivity(name: string, o: StudiesOptions, run: Running): Promise<{ input: SensitivityInput; seconds: number; files: string[] }> {
  const dir = join(o.out, name);
  const r = await sweep(name, o, run);
  return {
    input: { plan: r.plan, bands: r.bands!.rows(), groups: indexGroups(r.indices!, r.plan), folder: name },
    seconds: r.seconds,
    files: r.files.map((f) => `${name}/${f.slice(dir.length + 1)}`),
  };
}

function numbers(plan: Plan, dim: string): number[] {
  return (plan.dims.find((d) => d.name === dim)?.values ?? []) as number[];
}

function strings(plan: Plan, dim: string): string[] {
  return (plan.dims.find((d) => d.name === dim)?.values ?? []).map(String);
}

/**
 * Settles every task, then destroys the pool (never under a running task); the first failure
 * stops the others (through `stop`) and is the one thrown.
 */
async function allOrStop<T extends readonly unknown[]>(tasks: { [K in keyof T]: Promise<T[K]> }, pool: SharedPool, stop: AbortController): Promise<T> {
  const failures: unknown[] = []; // in the order they happen
  for (const t of tasks) {
    t.catch((err: unknown) => {
      failures.push(err);
      stop.abort();
    });
  }
  const settled = await Promise.allSettled(tasks);
  await pool.destroy();
  if (failures.length > 0) throw failures[0];
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** Runs the three studies into `out` and writes the tables with bands, the figures and REPORT.md. */
export async function runStudies(o: StudiesOptions): Promise<StudiesResult> {
  const stop = new AbortController();
  const signal = o.signal ? AbortSignal.any([o.signal, stop.signal]) : stop.signal;
  const run: Running = { pool: new SharedPool(checkWorkers(o.workers)), signal };
  // the simulations first: the workers start on them while this thread loads the sweeps' plans;
  // the single-chunk sampler-noise early, so that it does not run alone at the end
  const [fleetBinding, noise, mc, gainsSensitivity, alphaSensitivity, kv] = await allOrStop([
    fleetBindingSection(o.desRequests === undefined ? {} : { requests: o.desRequests }, (job) => run.pool.simulate(job)),
    runStudy("sampler-noise", o, run),
    runStudy("referee-montecarlo", o, run),
    runSensitivity(SENSITIVITY_STUDIES[0], o, run),
    runSensitivity(SENSITIVITY_STUDIES[1], o, run),
    runStudy("referee-power-kv", o, run),
  ] as const, run.pool, stop);
  const claims = published().headline_claims;

  const alpha = alphaRows(kv.bands, strings(kv.plan, "profile"), numbers(kv.plan, "beta"));
  const tokW = tokWRows(kv.bands);
  const gains = gainRows(mc.bands);
  const mcCells = monteCarloCells(mc.bands);
  const cellNoise = cellNoiseRows(noise.bands);
  const gainNoise = gainNoiseRows(noise.bands);

  const formats = o.formats ?? TABLE_FORMATS;
  const written: string[] = [];
  const write = async (name: string, table: ColumnTable) => {
    await writeTableFiles(o.out, name, table, { study: name }, formats);
    written.push(...formats.map((f) => `${name}.${f}`));
  };
  await write("table1_bands", table1BandsTable(tokW));
  await write("alpha", alphaTable(alpha));
  await write("gains", gainsTable(gains));
  await write("table3_bands", table3BandsTable(cellNoise, mcCells, DEFAULT_B200_READING));
  await write("seed_noise_gains", seedNoiseGainsTable(gainNoise));

  const seeds = numbers(noise.plan, "sampler_seed");
  const kvDist = Object.fromEntries(kv.plan.perturbations.map((p) => [p.name, p.dist]));
  const figures = [
    tokWFigure(tokW, kvDist.power_factor, kvDist.b200_w),
    alphaFigure(alpha, claims.rebuttal_alpha_range_with_power_kv_correlation as number[]),
    gainFigure(gains, DEFAULT_B200_READING, claims.rebuttal_combined_gain_range_mc as number[], {
      routing: claims.routing_gain_h100_azure as number, generation: claims.generation_gain_homo_azure as number,
      combined: claims.combined_gain_azure as number,
    }, mc.plan.samples),
    seedNoiseFigure(cellNoise, `${Math.min(...seeds)}–${Math.max(...seeds)}`),
  ];
  for (const f of [...figures, ...(o.measured?.figures ?? [])]) {
    writeFileAtomic(join(o.out, "figures", `${f.name}.svg`), f.svg);
    written.push(`figures/${f.name}.svg`);
  }
  const files = [
    ...STUDIES.flatMap((s) => [...formats.map((f) => `bands.${f}`), "manifest.json"].map((f) => `${s}/${f}`)),
    ...gainsSensitivity.files, ...alphaSensitivity.files, ...written,
  ];
  const report = reportMarkdown({
    powerKv: { plan: kv.plan, alpha, tokW },
    monteCarlo: { plan: mc.plan, gains, cells: mcCells, defaultReading: DEFAULT_B200_READING },
    samplerNoise: { plan: noise.plan, cells: cellNoise, gains: gainNoise },
    fleetBinding,
    sensitivity: { gains: gainsSensitivity.input, alpha: alphaSensitivity.input },
    figures, files, measured: o.measured,
  });
  writeFileAtomic(join(o.out, "REPORT.md"), report);
  return {
    files: [...files, "REPORT.md"],
    seconds: {
      [STUDIES[0]]: kv.seconds, [STUDIES[1]]: mc.seconds, [STUDIES[2]]: noise.seconds,
      [SENSITIVITY_STUDIES[0]]: gainsSensitivity.seconds, [SENSITIVITY_STUDIES[1]]: alphaSensitivity.seconds,
    },
  };
}
