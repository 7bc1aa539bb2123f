import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { badInput, InputError } from "../errors.ts";
import { int } from "../model/index.ts";
import { packagePath } from "../packageRoot.ts";

/**
 * A request-length distribution (docs/model.md §8): knots (t[i], f[i]) of total tokens and
 * cumulative fraction, implicitly starting from (0, 0). Tokens strictly increase,
 * fractions never decrease and stay in [0, 1].
 */
export interface Cdf {
  readonly t: readonly number[];
  readonly f: readonly number[];
}

export interface Workload {
  name: string;
  cdf: Cdf;
}

/** The bundled workloads, by name (files in data/workloads/, Apache-2.0, see NOTICE.md). */
export const WORKLOAD_NAMES = ["azure", "lmsys", "lmsys_multiturn", "agent_heavy"] as const;

const MAX_CDF_POINTS = 100_000;
const MAX_CDF_TOKENS = 2 ** 24;

const DATA_DIR = packagePath("data/workloads");

/** Checks and converts parsed JSON (`[[t, f], ...]` or `{"cdf": [...]}`) into a Cdf. */
export function cdfFromJson(data: unknown, where: string): Cdf {
  const pairs = data !== null && typeof data === "object" && !Array.isArray(data) ? (data as { cdf?: unknown }).cdf : data;
  if (!Array.isArray(pairs)) badInput(where, "cdf", typeof pairs, "expected an array of [total_tokens, cumulative_fraction]");
  if (pairs.length === 0) badInput(where, "cdf", pairs, "is empty");
  if (pairs.length > MAX_CDF_POINTS) badInput(where, "cdf", `${pairs.length} points`, `more than ${MAX_CDF_POINTS}; a length distribution needs a few dozen`);
  const t: number[] = [];
  const f: number[] = [];
  pairs.forEach((pair: unknown, i) => {
    const field = `cdf[${i}]`;
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((x) => typeof x === "number" && Number.isFinite(x))) {
      badInput(where, field, pair, "expected [total_tokens, cumulative_fraction]");
    }
    const [ti, fi] = pair as [number, number];
    if (!Number.isInteger(ti) || ti < 1) badInput(where, field, pair, "total_tokens must be a positive integer");
    if (ti > MAX_CDF_TOKENS) badInput(where, field, pair, `total_tokens beyond ${MAX_CDF_TOKENS} (2^24), longer than any model's context`);
    if (fi < 0 || fi > 1) badInput(where, field, pair, "cumulative_fraction must be within [0, 1]");
    if (i > 0 && ti <= t[i - 1]) badInput(where, field, pair, `tokens must increase (previous ${t[i - 1]})`);
    if (i > 0 && fi < f[i - 1]) badInput(where, field, pair, `fractions must not decrease (previous ${f[i - 1]})`);
    t.push(ti);
    f.push(fi);
  });
  // Lengths beyond the last point would have no probability assigned: the CDF must end at 1.
  if (f[f.length - 1] !== 1) badInput(where, `cdf[${pairs.length - 1}]`, pairs.at(-1), "the last cumulative fraction must be 1");
  return { t, f };
}

/** Parses the text of a CDF file; `where` names it in errors. */
export function parseCdf(text: string, where: string): Cdf {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${where}: not JSON (${(err as Error).message})`);
  }
  return cdfFromJson(data, where);
}

const isBundled = (nameOrPath: string) => (WORKLOAD_NAMES as readonly string[]).includes(nameOrPath);

/** The CDF file behind a bundled workload's name, or the path given. */
export function workloadFile(nameOrPath: string): string {
  const path = isBundled(nameOrPath) ? join(DATA_DIR, `${nameOrPath}_cdf.json`) : nameOrPath;
  if (!existsSync(path) || statSync(path).isDirectory()) {
    throw new InputError(`CDF ${JSON.stringify(nameOrPath)} is neither a file nor a workload (${WORKLOAD_NAMES.join(", ")})`);
  }
  return path;
}

/** A bundled workload by name, or a CDF file by path. */
export function loadWorkload(nameOrPath: string): Workload {
  const path = workloadFile(nameOrPath);
  return { name: isBundled(nameOrPath) ? nameOrPath : path, cdf: parseCdf(readFileSync(path, "utf8"), path) };
}

/** Fraction of requests with at most x total tokens (linear between knots, flat past the last). */
export function cdfAt(cdf: Cdf, x: number): number {
  if (x <= 0) return 0;
  const { t, f } = cdf;
  let tPrev = 0;
  let fPrev = 0;
  for (let i = 0; i < t.length; i++) {
    if (x <= t[i]) return fPrev + ((f[i] - fPrev) * (x - tPrev)) / (t[i] - tPrev);
    tPrev = t[i];
    fPrev = f[i];
  }
  return fPrev;
}

/** Sub-CDFs of the requests at most `b` tokens long and of the rest, with the short share alpha. */
export interface Split {
  alpha: number;
  short: Cdf;
  long: Cdf;
}

export function splitCdf(cdf: Cdf, b: number): Split {
  const alpha = Math.min(1 - 1e-6, Math.max(1e-6, cdfAt(cdf, b)));
  const short = { t: [] as number[], f: [] as number[] };
  const long = { t: [] as number[], f: [] as number[] };
  for (let i = 0; i < cdf.t.length; i++) {
    const ti = cdf.t[i];
    if (ti < b) {
      short.t.push(ti);
      short.f.push(cdf.f[i] / alpha);
    } else if (ti > b) {
      long.t.push(ti);
      long.f.push(Math.max(0, (cdf.f[i] - alpha) / (1 - alpha)));
    }
  }
  short.t.push(b);
  short.f.push(1);
  if (long.t.length === 0) long.t.push(b + 1);
  long.f[long.t.length - 1] = 1;
  return { alpha, short, long };
}

/** Mean output tokens of a CDF: 20 % of the mean total length, knot midpoints weighted by mass. */
export function meanOut(cdf: Cdf): number {
  let tPrev = 0;
  let fPrev = 0;
  let num = 0;
  let den = 0;
  for (let i = 0; i < cdf.t.length; i++) {
    const mass = cdf.f[i] - fPrev;
    num += (tPrev + (cdf.t[i] - tPrev) / 2) * mass;
    den += mass;
    tPrev = cdf.t[i];
    fPrev = cdf.f[i];
  }
  return Math.max(1, int(0.2 * (num / den)));
}

/** Knots as `[t, f]` pairs, the file format. */
export function cdfPairs(cdf: Cdf): Array<[number, number]> {
  return cdf.t.map((t, i) => [t, cdf.f[i]]);
}
