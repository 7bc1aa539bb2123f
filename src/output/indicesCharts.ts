// A bar chart per metric next to the indices files: inputs along x, sorted by their largest
// ST (sobol), mu* (morris) or |PRCC| (rank indices) over the chart's groups, one coloured bar
// per grid point or derived-metric group, CI whiskers. Sobol: a pale ST bar with S1 inside.
import { join } from "node:path";
import { barChartSvg, hasValue, writeFileAtomic, type Bar, type ColumnTable } from "../io/index.ts";

export type ChartKind = "sobol" | "morris" | "rank";

/** Groups drawn per chart; the rest are in the table. */
const MAX_GROUPS = 8;

const MEASURE: Record<ChartKind, { outer: string; inner?: string; label: string; notes: string[] }> = {
  sobol: { outer: "st", inner: "s1", label: "Sobol' index", notes: ["pale bar: total ST; inner bar: first-order S1", "whiskers: bootstrap CI"] },
  morris: { outer: "mu_star", label: "mu* (mean |elementary effect|)", notes: ["whiskers: bootstrap CI of mu*"] },
  rank: { outer: "prcc", label: "PRCC", notes: ["whiskers: Fisher-z CI"] },
};

/** One SVG per metric of an indices table (rows: keys, metric, input, measures). */
export function indicesCharts(table: ColumnTable, dims: readonly string[], kind: ChartKind, source: string): Array<{ file: string; svg: string }> {
  const column = (name: string) => table.columns.find((c) => c.name === name)!.values;
  const metric = column("metric") as ArrayLike<string>;
  const input = column("input") as ArrayLike<string>;
  const m = MEASURE[kind];
  const bar = (stat: string, r: number): Bar => ({
    value: (column(stat) as ArrayLike<number>)[r], low: (column(`${stat}_low`) as ArrayLike<number>)[r], high: (column(`${stat}_high`) as ArrayLike<number>)[r],
  });
  // a derived metric's row spans its group's dimensions (null there)
  const keys = dims.map((d) => table.columns.find((c) => c.name === d)!);
  const label = (r: number) => keys.filter((c) => hasValue(c, r)).map((c) => `${c.name}=${c.values[r]}`).join(", ") || "all";
  const metrics = [...new Set(Array.from(metric))];
  return metrics.map((name) => {
    const groups = new Map<string, Map<string, number>>();
    for (let r = 0; r < table.length; r++) {
      if (metric[r] !== name) continue;
      const g = label(r);
      if (!groups.has(g)) groups.set(g, new Map());
      groups.get(g)!.set(input[r], r);
    }
    const shown = [...groups].slice(0, MAX_GROUPS);
    const size = (i: string) => Math.max(...shown.map(([, rows]) => Math.abs(bar(m.outer, rows.get(i)!).value)));
    const categories = [...shown[0][1].keys()].sort((a, b) => size(b) - size(a) || (a < b ? -1 : 1));
    const svg = barChartSvg({
      title: `${source}: ${name}${groups.size > MAX_GROUPS ? ` (first ${MAX_GROUPS} of ${groups.size} groups)` : ""}`,
      yLabel: m.label,
      categories,
      groups: shown.map(([g, rows]) => ({
        label: g,
        bars: categories.map((i) => bar(m.outer, rows.get(i)!)),
        ...(m.inner ? { inner: categories.map((i) => bar(m.inner!, rows.get(i)!)) } : {}),
      })),
      notes: m.notes,
    });
    return { file: `${kind === "rank" ? "rank_indices" : "indices"}_${name}.svg`, svg };
  });
}

/** Writes the charts into `dir`; returns their file names. */
export function writeIndicesCharts(dir: string, table: ColumnTable, dims: readonly string[], kind: ChartKind, source: string): string[] {
  const charts = indicesCharts(table, dims, kind, source);
  for (const c of charts) writeFileAtomic(join(dir, c.file), c.svg);
  return charts.map((c) => c.file);
}
