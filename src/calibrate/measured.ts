import type { MeasuredTable } from "../io/csvRead.ts";
import type { MeasuredPoint } from "./band.ts";
import type { PowerPoint } from "./powerFit.ts";
import type { SweepPoint } from "./throughputFit.ts";

/** Rows of a power-vs-batch file (roles batch, power). */
export function powerPointsOf(t: MeasuredTable): PowerPoint[] {
  const { batch, power } = t.values;
  return t.lines.map((line, i) => ({ batch: batch[i], watts: power[i], line }));
}

/** Rows of a context sweep (roles context, n_max, tok_s). */
export function sweepPointsOf(t: MeasuredTable): SweepPoint[] {
  const { context, n_max: nMax, tok_s: tokS } = t.values;
  return t.lines.map((line, i) => ({ ctx: context[i], nMax: nMax[i], tokS: tokS[i], line }));
}

/**
 * The values a file lets us compare with a model: throughput (and power, when present) at
 * each sweep point's n_max, or power at each batch of a power-vs-batch file.
 */
export function measuredPointsOf(t: MeasuredTable): MeasuredPoint[] {
  const v = t.values;
  const out: MeasuredPoint[] = [];
  t.lines.forEach((line, i) => {
    const context = v.context?.[i] ?? 0;
    const batch = v.context ? v.n_max[i] : v.batch[i];
    if (v.tok_s && v.context) out.push({ line, quantity: "tok_s", batch, context, measured: v.tok_s[i] });
    if (v.power) out.push({ line, quantity: "power_w", batch, context, measured: v.power[i] });
  });
  return out;
}
