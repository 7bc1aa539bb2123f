// Study 4's results: the Sobol' indices of a sensitivity sweep (its run's table in memory), grouped
// per metric and grid point or group, and the report section that says which input drives
// each result's variance and how much of it is interaction (ST − S1).
import { hasValue, type Column, type ColumnTable } from "../../io/index.ts";
import type { Plan } from "../../sweep/index.ts";
import { only, stat, type BandRow } from "./bandRows.ts";
import { describeFactor } from "./wording.ts";
import { PROFILE_LABELS } from "./profiles.ts";

export interface InputIndex {
  input: string;
  s1: number; s1_low: number; s1_high: number;
  st: number; st_low: number; st_high: number;
}

/** One metric at one grid point or derived-metric group: its inputs sorted by ST, largest first. */
export interface IndexGroup {
  metric: string;
  /** dimension values of the point; "*" for those the metric spans */
  keys: Record<string, string>;
  point: number;
  variance: number;
  inputs: InputIndex[];
}

const NUMBERS = ["s1", "s1_low", "s1_high", "st", "st_low", "st_high"] as const;

/** The groups of a run's indices table, by metric (in the sweep's order), then point. */
export function indexGroups(table: ColumnTable, plan: Plan): IndexGroup[] {
  const column = (name: string): Column => {
    const c = table.columns.find((x) => x.name === name);
    if (c === undefined) throw new Error(`${plan.name}: the indices table has no column ${JSON.stringify(name)}`);
    return c;
  };
  const col = (name: string): ArrayLike<unknown> => column(name).values;
  const dims = plan.dims.map((d) => column(d.name));
  const groups: IndexGroup[] = [];
  const [point, metric, input, variance] = [col("point"), col("metric"), col("input"), col("variance")];
  const numbers = NUMBERS.map(col);
  for (let r = 0; r < table.length; r++) {
    const keys = Object.fromEntries(dims.map((c) => [c.name, hasValue(c, r) ? String(c.values[r]) : "*"]));
    let g = groups[groups.length - 1];
    if (g === undefined || g.point !== Number(point[r]) || g.metric !== metric[r]) {
      g = { metric: String(metric[r]), keys, point: Number(point[r]), variance: Number(variance[r]), inputs: [] };
      groups.push(g);
    }
    g.inputs.push({ input: String(input[r]), ...Object.fromEntries(NUMBERS.map((n, k) => [n, Number(numbers[k][r])])) } as InputIndex);
  }
  for (const g of groups) g.inputs.sort((a, b) => b.st - a.st || (a.input < b.input ? -1 : 1));
  const order = [...new Set(groups.map((g) => g.metric))];
  return groups.sort((a, b) => order.indexOf(a.metric) - order.indexOf(b.metric) || a.point - b.point);
}

/** Relative spread below which an output counts as constant: its inputs cancel exactly, up to rounding. */
const CONSTANT = 1e-9;

const f3 = (x: number) => (Math.abs(x) < 5e-4 ? "0.000" : x.toFixed(3));
const ci = (v: number, lo: number, hi: number) => `${f3(v)} [${f3(lo)}, ${f3(hi)}]`;
const cell = (keys: Record<string, string>) => Object.values(keys).filter((v) => v !== "*").map((v) => PROFILE_LABELS[v] ?? v).join(" ");

/** Whether a group's output varies at all (relative sd above rounding). */
function varies(g: IndexGroup, bands: readonly BandRow[]): { varies: boolean; spread: number } {
  // a derived metric's bands repeat on every point of its group, the group's first included
  const spread = Math.sqrt(g.variance) / Math.abs(stat(only(bands, { point: g.point }), g.metric, "mean"));
  return { varies: spread > CONSTANT, spread };
}

const range = (xs: number[]) => {
  const [lo, hi] = [f3(Math.min(...xs)), f3(Math.max(...xs))];
  return lo === hi ? lo : `${lo}–${hi}`;
};

/** One bullet per metric: which inputs drive it where, their ST range, and the largest share of interactions. */
function summary(groups: readonly IndexGroup[], bands: readonly BandRow[]): string[] {
  return [...new Set(groups.map((g) => g.metric))].map((metric) => {
    const mine = groups.filter((g) => g.metric === metric);
    const moving = mine.filter((g) => varies(g, bands).varies);
    const still = mine.filter((g) => !varies(g, bands).varies);
    const drivers = [...new Set(moving.map((g) => g.inputs[0].input))].map((input) => {
      const where = moving.filter((g) => g.inputs[0].input === input);
      const lows = where.map((g) => g.inputs[0].st_low);
      const highs = where.map((g) => g.inputs[0].st_high);
      return `**${input}** in ${where.map((g) => cell(g.keys)).join(", ")} (ST ${range(where.map((g) => g.inputs[0].st))}, ` +
        `95 % CIs within [${f3(Math.min(...lows))}, ${f3(Math.max(...highs))}]; its own interactions ST − S1 ≤ ${f3(Math.max(...where.map((g) => g.inputs[0].st - g.inputs[0].s1)))})`;
    });
    const interactions = moving.map((g) => 1 - g.inputs.reduce((t, x) => t + x.s1, 0));
    return `- \`${metric}\`: ${drivers.length > 0 ? `driven most by ${drivers.join("; ")}` : ""}` +
      `${moving.length > 0 ? `; all interactions 1 − ΣS1 = ${range(interactions)} of the variance` : ""}` +
      `${still.length > 0 ? `${moving.length > 0 ? "; " : ""}no input moves it in ${still.map((g) => cell(g.keys)).join(", ")}` : ""}.`;
  });
}

/** One table row per group: the input that drives it, its S1 and ST with CIs, its interaction, and 1 − ΣS1. */
function groupRows(groups: readonly IndexGroup[], bands: readonly BandRow[]): string[][] {
  return groups.map((g) => {
    const { varies: moves, spread } = varies(g, bands);
    if (!moves) {
      return [g.metric, cell(g.keys), `— (sd/mean ${spread.toExponential(0)}: no input moves it)`, "", "", "", ""];
    }
    const top = g.inputs[0];
    const sumS1 = g.inputs.reduce((s, x) => s + x.s1, 0);
    const rest = g.inputs.slice(1).filter((x) => x.st >= 0.0005).map((x) => `${x.input} ${f3(x.st)}`).join(", ");
    return [g.metric, cell(g.keys), `**${top.input}**`, ci(top.st, top.st_low, top.st_high), ci(top.s1, top.s1_low, top.s1_high),
      f3(top.st - top.s1), `${f3(1 - sumS1)}${rest ? `; then ${rest}` : ""}`];
  });
}

function mdTable(rows: string[][]): string[] {
  const line = (r: string[]) => `| ${r.join(" | ")} |`;
  return [line(rows[0]), line(rows[0].map(() => "---")), ...rows.slice(1).map(line)];
}

export interface SensitivityInput {
  plan: Plan;
  bands: BandRow[];
  groups: IndexGroup[];
  /** the run's folder, relative to the report */
  folder: string;
}

/** The report's section on Study 4. */
export function sensitivitySection(gains: SensitivityInput, alpha: SensitivityInput): string[] {
  const design = (s: SensitivityInput) => {
    const d = s.plan.design!;
    return `N = ${d.base} base samples, ${d.rows} evaluations per grid point over k = ${d.inputs.length} inputs ` +
      `(${d.inputs.map((x) => `\`${x.name}\``).join(", ")}), seed ${s.plan.seed}`;
  };
  const dist = (s: SensitivityInput, name: string) => describeFactor(s.plan.perturbations.find((p) => p.name === name)!.dist);
  const header = ["metric", "cell", "drives most", "its ST [95 % CI]", "its S1 [95 % CI]", "its interaction ST − S1", "all interactions 1 − ΣS1; other inputs with ST ≥ 0.0005"];
  const charts = (s: SensitivityInput) => [...new Set(s.groups.map((g) => g.metric))].map((m) => `[${m}](${s.folder}/indices_${m}.svg)`).join(", ");
  return [
    "## Which input drives the variance (Sobol' indices)",
    "",
    "Saltelli's design on a scrambled Sobol' sequence; S1 (Saltelli 2010) is the share of a result's variance an input causes " +
      "on its own, ST (Jansen) the share it takes part in, interactions included, so ST − S1 is the share of its interactions " +
      `and 1 − ΣS1 that of all interactions; 95 % bootstrap intervals (${gains.plan.design!.resamples} resamples over base samples). ` +
      "Every independent draw is an input: the power factor per GPU is one input per GPU.",
    "",
    `**Table 3's gains** (\`${gains.folder}\`: ${design(gains)}): power factor ${dist(gains, "power_factor")} per GPU; ` +
      `the B200 projection's W, H and power each ${dist(gains, "b200_power")}, all at once. Charts: ${charts(gains)}.`,
    "",
    ...summary(gains.groups, gains.bands),
    "",
    ...mdTable([header, ...groupRows(gains.groups, gains.bands)]),
    "",
    `**alpha** (\`${alpha.folder}\`: ${design(alpha)}): beta ${dist(alpha, "beta")} per GPU, power factor ${dist(alpha, "power_factor")} ` +
      `per GPU, the B200 projection's W and H ${dist(alpha, "b200_w")}. Charts: ${charts(alpha)}.`,
    "",
    ...summary(alpha.groups, alpha.bands),
    "",
    ...mdTable([header, ...groupRows(alpha.groups, alpha.bands)]),
    "",
  ];
}
