// The referee's exponent (docs/model.md §11.1): tok/W ∝ ctx^-alpha, fitted by least squares on
// log-log axes over a range of context windows, as a derived metric of a sweep sample.
import { logLogFit } from "../../numeric/logLog.ts";
import type { GridDerivedMetric } from "../../sweep/index.ts";


/** The two fit ranges the referee asked for, in tokens. */
export const ALPHA_RANGES = [
  { name: "alpha_4k_64k", label: "4K–64K", from: 4096, to: 64 * 1024 },
  { name: "alpha_2k_128k", label: "2K–128K", from: 2048, to: 131072 },
] as const;

/** Powers of two from..to inclusive: the context windows a fit range covers. */
export function rangeContexts(from: number, to: number): number[] {
  const out: number[] = [];
  for (let c = from; c <= to; c *= 2) out.push(c);
  return out;
}

/** alpha = -(log-log slope of tok/W against ctx) over the windows of one range. */
export function alphaOf(ctx: readonly number[], tokPerW: readonly number[]): number {
  return -logLogFit(ctx, tokPerW).slope;
}

/** Derived sweep metric: alpha over [from, to] across the `ctx` cells of one sample. */
export function alphaMetric(from: number, to: number): GridDerivedMetric<"ctx", "tok_per_w"> {
  const ctx = rangeContexts(from, to);
  return {
    across: ["ctx"],
    unit: "1",
    value: (cell) => alphaOf(ctx, ctx.map((c) => cell({ ctx: c }).tok_per_w)),
  };
}
