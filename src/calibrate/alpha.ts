// The exponent alpha of tok/W ∝ context^-alpha measured from data: the least-squares slope
// of ln tok/W on ln context over a range of context windows, with its 95 % confidence
// interval (docs/model.md §11.1 asks for the model's; a measurement's comes with noise).
import { InputError } from "../errors.ts";
import { logLogFit } from "../numeric/logLog.ts";
import { studentTQuantile } from "./stats.ts";

export interface AlphaRange {
  /** e.g. "4K-64K" */
  label: string;
  from: number;
  to: number;
}

/** The referee's two ranges (docs/model.md §11.1). */
export const DEFAULT_ALPHA_RANGES = "4K-64K,2K-128K";

/** 65536 → "64K"; contexts that are not whole multiples of 1024 stay in tokens. */
export function contextLabel(ctx: number): string {
  return ctx % 1024 === 0 ? `${ctx / 1024}K` : String(ctx);
}

function parseContext(flag: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$/.exec(text);
  const v = m ? Number(m[1]) * (m[2] === "" ? 1 : /k/i.test(m[2]) ? 1024 : 1024 * 1024) : NaN;
  if (!Number.isInteger(v) || v <= 0) {
    throw new InputError(`${flag}: context = ${JSON.stringify(text.trim())}: must be a positive whole number of tokens (e.g. 4096 or 4K)`);
  }
  return v;
}

/** Parses "4K-64K,2K-128K" into inclusive ranges of context windows. */
export function parseAlphaRanges(spec: string, flag = "--alpha-ranges"): AlphaRange[] {
  return spec.split(",").map((part) => {
    const ends = part.split("-");
    if (ends.length !== 2) throw new InputError(`${flag}: range = ${JSON.stringify(part.trim())}: expected FROM-TO, e.g. 4K-64K`);
    const [from, to] = ends.map((e) => parseContext(flag, e));
    if (!(from < to)) throw new InputError(`${flag}: range = ${JSON.stringify(part.trim())}: FROM must be below TO`);
    return { label: `${contextLabel(from)}-${contextLabel(to)}`, from, to };
  });
}


export interface AlphaEstimate {
  range: AlphaRange;
  /** the distinct context windows inside the range */
  contexts: number[];
  /** points used (repeats at one context each count) */
  points: number;
  /** NaN when the range holds fewer than two distinct contexts */
  value: number;
  stderr: number;
  /** Student-t 95 % interval; null without residual degrees of freedom (or for a model value) */
  ci95: [number, number] | null;
}

/**
 * alpha = −slope of ln tok/W on ln ctx over the points inside `range`, with the t interval
 * slope ± t(0.975, n − 2)·se, which covers the true exponent 95 % of the time when the
 * log-noise is independent, Gaussian and equal across contexts.
 */
export function alphaFit(ctx: readonly number[], tokPerW: readonly number[], range: AlphaRange): AlphaEstimate {
  const idx = ctx.map((_, i) => i).filter((i) => ctx[i] >= range.from && ctx[i] <= range.to);
  const contexts = [...new Set(idx.map((i) => ctx[i]))].sort((a, b) => a - b);
  const base = { range, contexts, points: idx.length };
  if (contexts.length < 2) return { ...base, value: NaN, stderr: NaN, ci95: null };
  const fit = logLogFit(idx.map((i) => ctx[i]), idx.map((i) => tokPerW[i]));
  const alpha = -fit.slope;
  if (!(fit.dof > 0 && Number.isFinite(fit.stderr))) return { ...base, value: alpha, stderr: NaN, ci95: null };
  const half = studentTQuantile(0.975, fit.dof) * fit.stderr;
  return { ...base, value: alpha, stderr: fit.stderr, ci95: [alpha - half, alpha + half] };
}
