/**
 * Plain-text SVG plots (no browser, no dependency): axes on linear or log scales, lines,
 * shaded bands, points with optional whiskers, a legend and a title. Coordinates are
 * printed with two decimals, so the same data give byte-identical files.
 */

export interface AxisSpec {
  label: string;
  scale?: "linear" | "log";
  /** log axes: ticks at powers of this base (default 10) */
  base?: number;
  /** fixed ends; by default the data's range (linear: widened to round ticks) */
  min?: number;
  max?: number;
  /** tick label text (default: up to 4 significant digits) */
  format?: (v: number) => string;
  /** explicit tick positions (e.g. one per category), instead of the automatic ones */
  ticks?: readonly number[];
}

export type Series =
  | { kind: "line"; label: string; x: ArrayLike<number>; y: ArrayLike<number>; color?: string; dashed?: boolean }
  | { kind: "band"; label: string; x: ArrayLike<number>; lo: ArrayLike<number>; hi: ArrayLike<number>; color?: string }
  | {
    kind: "points"; label: string; x: ArrayLike<number>; y: ArrayLike<number>; color?: string;
    /** whisker ends per point (e.g. a band or noise interval) */
    lo?: ArrayLike<number>; hi?: ArrayLike<number>;
  };

export interface PlotSpec {
  title: string;
  x: AxisSpec;
  y: AxisSpec;
  series: Series[];
  /** corner of the plot area that holds the legend (default top-left) */
  legend?: "top-left" | "top-right" | "bottom-left" | "bottom-right";
  width?: number;
  height?: number;
}

const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];
const MARGIN = { left: 78, right: 24, top: 44, bottom: 58 };

interface Mapped { toPx: (v: number) => number; ticks: number[]; valid: (v: number) => boolean }

/** The SVG document text of a plot. */
export function plotSvg(spec: PlotSpec): string {
  const width = spec.width ?? 720;
  const height = spec.height ?? 450;
  const plot = { x0: MARGIN.left, x1: width - MARGIN.right, y0: height - MARGIN.bottom, y1: MARGIN.top };
  const xs = spec.series.flatMap((s) => Array.from(s.x));
  const xm = mapAxis(spec.x, xs, plot.x0, plot.x1);
  // The y range comes only from points that have a place on the x axis.
  const ys = spec.series.flatMap((s): number[] => {
    const cols = s.kind === "band" ? [s.lo, s.hi] : s.kind === "line" ? [s.y] : [s.y, s.lo ?? [], s.hi ?? []];
    return cols.flatMap((c) => Array.from(c).filter((_, j) => xm.valid(s.x[j])));
  });
  const ym = mapAxis(spec.y, ys, plot.y0, plot.y1);
  const px = (v: number) => fmt(xm.toPx(v));
  const py = (v: number) => fmt(ym.toPx(v));
  const ok = (x: number, y: number) => xm.valid(x) && ym.valid(y);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<defs><clipPath id="plot-area"><rect x="${plot.x0}" y="${plot.y1}" width="${plot.x1 - plot.x0}" height="${plot.y0 - plot.y1}"/></clipPath></defs>`,
    `<text x="${width / 2}" y="${MARGIN.top / 2 + 4}" text-anchor="middle" font-size="15">${esc(spec.title)}</text>`,
    ...axisMarks(spec.x, xm, "x", plot),
    ...axisMarks(spec.y, ym, "y", plot),
    `<rect x="${plot.x0}" y="${plot.y1}" width="${plot.x1 - plot.x0}" height="${plot.y0 - plot.y1}" fill="none" stroke="black"/>`,
  ];
  const legend: string[] = [];
  spec.series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    const idx = Array.from({ length: s.x.length }, (_, j) => j);
    if (s.kind === "band") {
      const keep = idx.filter((j) => ok(s.x[j], s.lo[j]) && ok(s.x[j], s.hi[j]));
      const upper = keep.map((j) => `${px(s.x[j])},${py(s.hi[j])}`);
      const lower = [...keep].reverse().map((j) => `${px(s.x[j])},${py(s.lo[j])}`);
      out.push(`<polygon clip-path="url(#plot-area)" points="${[...upper, ...lower].join(" ")}" fill="${color}" fill-opacity="0.22" stroke="none"/>`);
      legend.push(`<rect x="0" y="-6" width="18" height="10" fill="${color}" fill-opacity="0.22"/>`);
    } else if (s.kind === "line") {
      const pts = idx.filter((j) => ok(s.x[j], s.y[j])).map((j) => `${px(s.x[j])},${py(s.y[j])}`);
      const dash = s.dashed ? ` stroke-dasharray="6 4"` : "";
      out.push(`<polyline clip-path="url(#plot-area)" points="${pts.join(" ")}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`);
      legend.push(`<line x1="0" y1="-1" x2="18" y2="-1" stroke="${color}" stroke-width="2"${dash}/>`);
    } else {
      for (const j of idx.filter((k) => ok(s.x[k], s.y[k]))) {
        if (s.lo && s.hi && ok(s.x[j], s.lo[j]) && ok(s.x[j], s.hi[j])) {
          out.push(`<line x1="${px(s.x[j])}" y1="${py(s.lo[j])}" x2="${px(s.x[j])}" y2="${py(s.hi[j])}" stroke="${color}"/>`);
        }
        out.push(`<circle cx="${px(s.x[j])}" cy="${py(s.y[j])}" r="3.5" fill="${color}" fill-opacity="0.8" stroke="black" stroke-width="0.5"/>`);
      }
      legend.push(`<circle cx="9" cy="-1" r="3.5" fill="${color}" stroke="black" stroke-width="0.5"/>`);
    }
  });
  out.push(...legendBox(spec.series.map((s) => s.label), legend, spec.legend ?? "top-left", plot), "</svg>");
  return out.join("\n") + "\n";
}

function legendBox(labels: string[], swatches: string[], corner: NonNullable<PlotSpec["legend"]>,
  plot: { x0: number; x1: number; y0: number; y1: number }): string[] {
  const w = 34 + 7 * Math.max(...labels.map((l) => l.length));
  const h = 10 + 18 * labels.length;
  const x = corner.endsWith("left") ? plot.x0 + 10 : plot.x1 - 10 - w;
  const y = corner.startsWith("top") ? plot.y1 + 10 : plot.y0 - 10 - h;
  const rows = labels.map((l, i) =>
    `<g transform="translate(${x + 8},${y + 16 + 18 * i})">${swatches[i]}<text x="26" y="3">${esc(l)}</text></g>`);
  return [`<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="white" fill-opacity="0.85" stroke="#999"/>`, ...rows];
}

function axisMarks(axis: AxisSpec, m: Mapped, dir: "x" | "y", plot: { x0: number; x1: number; y0: number; y1: number }): string[] {
  const label = axis.format ?? defaultFormat;
  const out: string[] = [];
  for (const t of m.ticks) {
    const p = fmt(m.toPx(t));
    if (dir === "x") {
      out.push(`<line x1="${p}" y1="${plot.y1}" x2="${p}" y2="${plot.y0}" stroke="#e5e5e5"/>`,
        `<text x="${p}" y="${plot.y0 + 17}" text-anchor="middle">${esc(label(t))}</text>`);
    } else {
      out.push(`<line x1="${plot.x0}" y1="${p}" x2="${plot.x1}" y2="${p}" stroke="#e5e5e5"/>`,
        `<text x="${plot.x0 - 6}" y="${fmt(Number(p) + 4)}" text-anchor="end">${esc(label(t))}</text>`);
    }
  }
  if (dir === "x") {
    out.push(`<text x="${(plot.x0 + plot.x1) / 2}" y="${plot.y0 + 42}" text-anchor="middle">${esc(axis.label)}</text>`);
  } else {
    const cy = (plot.y0 + plot.y1) / 2;
    out.push(`<text x="18" y="${cy}" text-anchor="middle" transform="rotate(-90 18 ${cy})">${esc(axis.label)}</text>`);
  }
  return out;
}

/** Data range → pixels, with tick positions. Log axes drop values <= 0. */
function mapAxis(axis: AxisSpec, values: number[], p0: number, p1: number): Mapped {
  const log = axis.scale === "log";
  const valid = (v: number) => Number.isFinite(v) && (!log || v > 0);
  const data = values.filter(valid);
  let lo = axis.min ?? (data.length ? data.reduce((a, b) => Math.min(a, b)) : log ? 1 : 0);
  let hi = axis.max ?? (data.length ? data.reduce((a, b) => Math.max(a, b)) : log ? 10 : 1);
  if (hi <= lo) {
    const pad = log ? 2 : Math.abs(lo) * 0.1 || 1;
    [lo, hi] = log ? [lo / pad, hi * pad] : [lo - pad, hi + pad];
  }
  if (log) {
    const base = axis.base ?? 10;
    const [a, b] = [Math.log(lo), Math.log(hi)];
    const ticks = axis.ticks ? [...axis.ticks] : logTicks(lo, hi, base);
    return { valid, ticks, toPx: (v) => p0 + ((Math.log(v) - a) / (b - a)) * (p1 - p0) };
  }
  const step = niceStep((hi - lo) / 5);
  if (axis.min === undefined) lo = Math.floor(lo / step) * step;
  if (axis.max === undefined) hi = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return { valid, ticks: axis.ticks ? [...axis.ticks] : ticks, toPx: (v) => p0 + ((v - lo) / (hi - lo)) * (p1 - p0) };
}

/** Powers of the base inside [lo, hi]; with fewer than two, the 2× and 5× in between too. */
function logTicks(lo: number, hi: number, base: number): number[] {
  const inRange = (t: number) => t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9);
  const first = Math.floor(Math.log(lo) / Math.log(base));
  const last = Math.ceil(Math.log(hi) / Math.log(base));
  const powers: number[] = [];
  for (let e = first; e <= last; e++) powers.push(base ** e);
  const main = powers.filter(inRange);
  if (main.length >= 2) return main;
  return powers.flatMap((p) => [p, 2 * p, 5 * p]).filter(inRange).sort((x, y) => x - y);
}

function niceStep(raw: number): number {
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

function defaultFormat(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(1).replace("e+", "e");
  return String(Number(v.toPrecision(4)));
}

function fmt(v: number): string {
  return v.toFixed(2);
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
