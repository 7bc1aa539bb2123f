// A context-length sweep as serving benchmarks write it: one row per context window, each
// run at the concurrency the server admitted (not the model's n_max), with the instance's
// decode tok/s and the mean per-GPU power. Reading it, and the model's values at a context
// and a concurrency.
import { InputError } from "../errors.ts";
import { readMeasuredCsv } from "../io/csvRead.ts";
import { iterLatency, powerAt, type Profile } from "../model/index.ts";
import { optional, ROLES } from "./roles.ts";

export interface ContextSweepRow {
  /** line in the file (header = 1) */
  line: number;
  ctx: number;
  /** concurrent sequences the server ran */
  n: number;
  /** decode tokens/s of the whole serving instance */
  tokS: number;
  /** mean power per GPU, W */
  power: number;
  /** GPUs of the instance, when the file (or --columns gpus=N) says */
  gpus?: number;
}

export interface ContextSweep {
  path: string;
  rows: ContextSweepRow[];
  /** the CSV column behind each role, or "N (constant)" for gpus=N */
  columns: Record<string, string>;
}

/** The roles of such a file; gpus is optional (a column or, in --columns, a constant). */
export const CONTEXT_SWEEP_ROLES = [ROLES.context, ROLES.concurrency, ROLES.tokS, ROLES.power, optional(ROLES.gpus)];

/** A file is read as such a sweep when it maps (or has) a concurrency column and no n_max. */
export function isConcurrencySweep(mapping: Record<string, string>, header: readonly string[]): boolean {
  if (mapping.concurrency !== undefined) return true;
  return mapping.n_max === undefined && header.includes("concurrency") && !header.includes("n_max");
}

/**
 * Reads the sweep. `gpus=N` in the mapping (a whole number that is not a column of the file)
 * gives every row N GPUs. Needs two or more distinct context windows: one context says
 * nothing about how tok/W moves with the window.
 */
export async function readContextSweep(path: string, mapping: Record<string, string>): Promise<ContextSweep> {
  const m = { ...mapping };
  let gpusConstant: number | undefined;
  if (m.gpus !== undefined && /^\s*\d+\s*$/.test(m.gpus)) {
    gpusConstant = Number(m.gpus);
    delete m.gpus;
  }
  const t = await readMeasuredCsv(path, CONTEXT_SWEEP_ROLES, m);
  if (gpusConstant !== undefined) {
    if (t.header.includes(mapping.gpus.trim())) {
      throw new InputError(`--columns: gpus = ${mapping.gpus.trim()} is both a number and a column of ${path}; rename the column`);
    }
    if (gpusConstant < 1) throw new InputError(`--columns: gpus = ${gpusConstant}: must be a whole number >= 1`);
  }
  const v = t.values;
  const rows = t.lines.map((line, i): ContextSweepRow => {
    const gpus = v.gpus ? v.gpus[i] : gpusConstant;
    if (gpus !== undefined && !Number.isInteger(gpus)) {
      throw new InputError(`${path}: line ${line}, column "${t.columns.gpus}" = ${gpus}: GPUs must be a whole number`);
    }
    return { line, ctx: v.context[i], n: v.concurrency[i], tokS: v.tok_s[i], power: v.power[i], ...(gpus === undefined ? {} : { gpus }) };
  });
  const contexts = new Set(rows.map((r) => r.ctx));
  if (contexts.size < 2) {
    throw new InputError(`${path}: every row is at context ${rows[0].ctx} (column "${t.columns.context}"): `
      + "a context sweep needs at least two context windows");
  }
  const columns = { ...t.columns, ...(gpusConstant === undefined ? {} : { gpus: `${gpusConstant} (constant)` }) };
  return { path, rows, columns };
}

/** One operating point: concurrency, tok/s of the instance, per-GPU power, tok/W (tok/s ÷ per-GPU power). */
export interface OperatingPoint {
  n: number;
  tok_s: number;
  power_w: number;
  tok_per_w: number;
}

export function measuredPoint(r: ContextSweepRow): OperatingPoint {
  return { n: r.n, tok_s: r.tokS, power_w: r.power, tok_per_w: r.tokS / r.power };
}

/** The model at context ctx running n sequences of mean KV length ctx // 2 (docs/model.md §7). */
export function modelAt(p: Profile, ctx: number, n: number): OperatingPoint {
  const lbar = Math.floor(ctx / 2);
  const tokS = n > 0 ? n / iterLatency(p, n, lbar) : 0;
  const power = powerAt(p, n, lbar);
  return { n, tok_s: tokS, power_w: power, tok_per_w: tokS / power };
}
