// Plain-text SVG bar charts with confidence whiskers (no dependency), for sensitivity
// indices: one bar cluster per category (an input), one bar per group (a grid point or
// derived-metric group) in its colour, optionally a narrower inner bar (e.g. S1 inside ST).
// Coordinates are printed with two decimals, so the same data give byte-identical files.

export interface Bar {
  value: number;
  low: number;
  high: number;
}

export interface BarChartSpec {
  title: string;
  yLabel: string;
  /** x-axis categories, in drawing order */
  categories: readonly string[];
  /** per group: its label and one bar per category (and, optionally, an inner one) */
  groups: ReadonlyArray<{ label: string; bars: readonly Bar[]; inner?: readonly Bar[] }>;
  /** legend lines explaining outer and inner bars, e.g. "wide pale bar: ST" */
  notes?: readonly string[];
}

const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];
const M = { left: 70, right: 20, top: 44, bottom: 110 };

const fmt = (v: number) => (Math.round(v * 100) / 100).toFixed(2);
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function niceStep(span: number): number {
  const raw = span / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw)!;
}

/** The SVG document text of a bar chart. */
export function barChartSvg(spec: BarChartSpec): string {
  const nc = spec.categories.length;
  const ng = spec.groups.length;
  const width = Math.max(480, M.left + M.right + nc * Math.max(40, 22 * ng + 16));
  const height = 420 + 16 * ng;
  const plot = { x0: M.left, x1: width - M.right, y0: height - M.bottom - 16 * ng, y1: M.top };
  const all = spec.groups.flatMap((g) => [...g.bars, ...(g.inner ?? [])]).flatMap((b) => [b.value, b.low, b.high]).filter(Number.isFinite);
  const step = niceStep(Math.max(1e-12, Math.max(0, ...all) - Math.min(0, ...all)));
  const lo = Math.floor(Math.min(0, ...all) / step) * step;
  const hi = Math.ceil(Math.max(0, ...all) / step) * step || step;
  const y = (v: number) => plot.y0 - ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * (plot.y0 - plot.y1);
  const slot = (plot.x1 - plot.x0) / Math.max(1, nc);
  const barW = Math.min(28, (slot - 12) / Math.max(1, ng));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${fmt(width / 2)}" y="24" text-anchor="middle" font-size="15">${esc(spec.title)}</text>`,
  ];
  for (let t = lo; t <= hi + step / 2; t += step) {
    const v = Math.abs(t) < step / 1e6 ? 0 : t;
    out.push(`<line x1="${plot.x0}" x2="${plot.x1}" y1="${fmt(y(v))}" y2="${fmt(y(v))}" stroke="${v === 0 ? "#000" : "#ddd"}"/>`,
      `<text x="${plot.x0 - 6}" y="${fmt(y(v) + 4)}" text-anchor="end">${esc(String(Number(v.toPrecision(4))))}</text>`);
  }
  out.push(`<text transform="translate(16 ${fmt((plot.y0 + plot.y1) / 2)}) rotate(-90)" text-anchor="middle">${esc(spec.yLabel)}</text>`);
  const whisker = (x: number, b: Bar, color: string) => {
    if (!Number.isFinite(b.low) || !Number.isFinite(b.high)) return;
    out.push(`<line x1="${fmt(x)}" x2="${fmt(x)}" y1="${fmt(y(b.low))}" y2="${fmt(y(b.high))}" stroke="${color}"/>`,
      `<line x1="${fmt(x - 3)}" x2="${fmt(x + 3)}" y1="${fmt(y(b.low))}" y2="${fmt(y(b.low))}" stroke="${color}"/>`,
      `<line x1="${fmt(x - 3)}" x2="${fmt(x + 3)}" y1="${fmt(y(b.high))}" y2="${fmt(y(b.high))}" stroke="${color}"/>`);
  };
  const rect = (x: number, w: number, v: number, attrs: string) => {
    const top = Math.min(y(v), y(0));
    out.push(`<rect x="${fmt(x)}" y="${fmt(top)}" width="${fmt(w)}" height="${fmt(Math.abs(y(v) - y(0)))}" ${attrs}/>`);
  };
  spec.categories.forEach((name, c) => {
    const x0 = plot.x0 + c * slot + (slot - barW * ng) / 2;
    spec.groups.forEach((g, k) => {
      const color = PALETTE[k % PALETTE.length];
      const x = x0 + k * barW;
      const outer = g.bars[c];
      rect(x + 1, barW - 2, outer.value, `fill="${color}" fill-opacity="${g.inner ? 0.3 : 0.8}" stroke="${color}"`);
      whisker(x + barW / 2 - (g.inner ? barW / 4 : 0), outer, "#000");
      if (g.inner) {
        rect(x + barW / 4, barW / 2, g.inner[c].value, `fill="${color}"`);
        whisker(x + barW / 2 + barW / 8, g.inner[c], "#555");
      }
    });
    const cx = plot.x0 + (c + 0.5) * slot;
    out.push(`<text transform="translate(${fmt(cx)} ${fmt(plot.y0 + 14)}) rotate(30)" text-anchor="start">${esc(name)}</text>`);
  });
  const legendY = height - 16 * ng - 10;
  spec.groups.forEach((g, k) => {
    out.push(`<rect x="${plot.x0}" y="${legendY + 16 * k - 10}" width="12" height="12" fill="${PALETTE[k % PALETTE.length]}"/>`,
      `<text x="${plot.x0 + 18}" y="${legendY + 16 * k}">${esc(g.label)}</text>`);
  });
  (spec.notes ?? []).forEach((n, i) => out.push(`<text x="${plot.x1}" y="${M.top - 6 + 14 * i}" text-anchor="end" fill="#555">${esc(n)}</text>`));
  out.push("</svg>");
  return out.join("\n") + "\n";
}
