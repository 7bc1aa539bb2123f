// Figures of a context sweep against a profile: measured tok/W (with error bars) over the
// model's band, and tok/s or power at the measured concurrency.
import { plotSvg, type Series } from "../io/svg.ts";
import { logLogFit } from "../numeric/logLog.ts";
import { studentTQuantile } from "./stats.ts";
import type { SweepComparisonRow, SweepQuantity, SweepValidation } from "./sweepValidation.ts";

/**
 * The measurement's own scatter, as a factor: exp(t(0.975)·s) with s the residual standard
 * deviation of ln tok/W about its log-log line over every row, so a point's bar is a 95 %
 * prediction interval for a repeat. NaN with fewer than three rows.
 */
export function scatterFactor(rows: readonly SweepComparisonRow[]): number {
  const fit = logLogFit(rows.map((r) => r.context), rows.map((r) => r.measured.tok_per_w));
  return fit.dof > 0 ? Math.exp(studentTQuantile(0.975, fit.dof) * fit.residualSd) : NaN;
}

const byContext = (rows: readonly SweepComparisonRow[]) => [...rows].sort((a, b) => a.context - b.context || a.line - b.line);

/** tok/W over context: the model at n_max with its band, the model at the measured concurrency, the measurements. */
export function tokWFigure(v: SweepValidation, bandLabel: string, title = `tok/W vs context window: ${v.profile}`): string {
  const rows = byContext(v.rows);
  const x = rows.map((r) => r.context);
  const f = scatterFactor(rows);
  const y = rows.map((r) => r.measured.tok_per_w);
  const series: Series[] = [
    { kind: "band", label: `model band at its n_max (${bandLabel})`, x, lo: rows.map((r) => r.atNMax.band.tok_per_w[0]),
      hi: rows.map((r) => r.atNMax.band.tok_per_w[1]) },
    { kind: "line", label: "model at its own n_max (Table 1 point)", x, y: rows.map((r) => r.atNMax.model.tok_per_w) },
    { kind: "line", label: "model at the measured concurrency", x, y: rows.map((r) => r.atMeasuredN.model.tok_per_w), dashed: true },
    {
      kind: "points", label: Number.isFinite(f) ? "measured (bars: 95 % scatter about the log-log fit)" : "measured", x, y,
      ...(Number.isFinite(f) ? { lo: y.map((m) => m / f), hi: y.map((m) => m * f) } : {}),
    },
  ];
  return plotSvg({ title, x: { label: "context window (tokens)", scale: "log", base: 2 },
    y: { label: "tok/W (instance tok/s ÷ per-GPU W)", scale: "log" }, series, legend: "top-right" });
}

const LABELS: Record<Exclude<SweepQuantity, "tok_per_w">, { title: string; y: string; log: boolean }> = {
  tok_s: { title: "Decode throughput at the measured concurrency", y: "decode tokens/s per instance", log: true },
  power_w: { title: "Per-GPU power at the measured concurrency", y: "power per GPU (W)", log: false },
};

/** tok/s or power over context at the measured concurrency, with the band there. */
export function atConcurrencyFigure(v: SweepValidation, q: Exclude<SweepQuantity, "tok_per_w">, bandLabel: string): string {
  const rows = byContext(v.rows);
  const x = rows.map((r) => r.context);
  const series: Series[] = [
    { kind: "band", label: `band (${bandLabel})`, x, lo: rows.map((r) => r.atMeasuredN.band[q][0]), hi: rows.map((r) => r.atMeasuredN.band[q][1]) },
    { kind: "line", label: "model at the measured concurrency", x, y: rows.map((r) => r.atMeasuredN.model[q]) },
    { kind: "points", label: "measured", x, y: rows.map((r) => r.measured[q]) },
  ];
  return plotSvg({ title: `${LABELS[q].title}: ${v.profile}`, x: { label: "context window (tokens)", scale: "log", base: 2 },
    y: { label: LABELS[q].y, scale: LABELS[q].log ? "log" : "linear" }, series, legend: "top-right" });
}
