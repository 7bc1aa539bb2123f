// The --json report: every section's figures in one flat object, plus the ratios the goals
// are stated in, checked so that CI can trust it: each key it reads is present, and every
// figure is a finite positive number (a NaN or a zero rate is a broken bench, not a result).
import type { Figures } from "./options.ts";

export interface Availability {
  /** a C compiler, for the native yardstick */
  native: boolean;
  /** python3 with numpy, for the numpy peer */
  numpy: boolean;
}

/** The keys CI reads, for the worker counts measured and the yardsticks this machine has. */
export function requiredKeys(workers: readonly number[], have: Availability): string[] {
  return [
    "kernel_points_per_s",
    ...(have.native ? ["native_points_per_s"] : []),
    ...workers.map((w) => `sweep_samples_per_s_${w}w`),
    ...workers.map((w) => `scaling_samples_per_s_${w}w`),
    "sweep_process_s_1w",
    ...workers.filter((w) => w > 1).map((w) => `spin_capacity_${w}w`),
    ...workers.map((w) => `fleet_mc_samples_per_s_${w}w`),
    "cli_start_s",
    "worker_boot_s",
    ...(have.numpy ? ["numpy_peer_samples_per_s", "numpy_peer_process_s"] : []),
  ];
}

/** The figures with the goals' ratios added (each only when both of its figures are there). */
export function withRatios(f: Figures): Figures {
  const out: Figures = { ...f };
  const ratio = (name: string, num: number | undefined, den: number | undefined) => {
    if (num !== undefined && den !== undefined) out[name] = num / den;
  };
  ratio("kernel_vs_native", f.kernel_points_per_s, f.native_points_per_s);
  ratio("sweep_1w_vs_numpy", f.sweep_samples_per_s_1w, f.numpy_peer_samples_per_s);
  ratio("sweep_1w_vs_numpy_process", f.numpy_peer_process_s, f.sweep_process_s_1w);
  ratio("sweep_1w_vs_native", f.sweep_samples_per_s_1w, f.native_points_per_s);
  for (const key of Object.keys(f)) {
    const w = /^sweep_samples_per_s_(\d+)w$/.exec(key)?.[1];
    if (w !== undefined && w !== "1") ratio(`sweep_speedup_${w}w`, f[key], f.sweep_samples_per_s_1w);
    const s = /^scaling_samples_per_s_(\d+)w$/.exec(key)?.[1];
    if (s !== undefined && s !== "1") {
      ratio(`scaling_speedup_${s}w`, f[key], f.scaling_samples_per_s_1w);
      ratio(`scaling_vs_control_${s}w`, out[`scaling_speedup_${s}w`], f[`spin_capacity_${s}w`]);
      // over 1: N workers in one process beat N shards of the run side by side
      ratio(`scaling_vs_shards_${s}w`, f[`scaling_shards_process_s_${s}w`], f[`scaling_process_s_${s}w`]);
    }
    const m = /^fleet_mc_samples_per_s_(\d+)w$/.exec(key)?.[1];
    if (m !== undefined && m !== "1") {
      ratio(`fleet_mc_speedup_${m}w`, f[key], f.fleet_mc_samples_per_s_1w);
      ratio(`fleet_mc_vs_control_${m}w`, out[`fleet_mc_speedup_${m}w`], f[`spin_capacity_${m}w`]);
    }
  }
  return out;
}

/** The one-line JSON object, or an error naming every missing key and every bad figure. */
export function reportLine(figures: Figures, required: readonly string[]): string {
  const problems = [
    ...required.filter((k) => !(k in figures)).map((k) => `${k} is missing`),
    ...Object.entries(figures).filter(([, v]) => !(Number.isFinite(v) && v > 0)).map(([k, v]) => `${k} = ${v}`),
  ];
  if (problems.length > 0) throw new Error(`bench report: ${problems.join("; ")}`);
  return JSON.stringify(figures);
}

/**
 * The project's speed goals (issue 12 and earlier), as figures or ratios taken within one run;
 * `atMost` where a goal is a range (an `atLeast` of 0: a ceiling alone). A key with {N} is a
 * goal at every worker count the run has that figure for.
 */
type Goal = [key: string, atLeast: number, what: string, atMost?: number];

export const GOALS: readonly Goal[] = [
  ["kernel_vs_native", 0.6, "TypeScript kernel / native yardstick, one thread"],
  ["sweep_1w_vs_numpy", 2, "Table 1 bands sweep on 1 worker / numpy peer, end to end"],
  ["sweep_1w_vs_numpy_process", 2, "the same as whole processes: numpy peer's wall time / `wattsweep run --workers 1`'s"],
  ["sweep_1w_vs_native", 0.3, "Table 1 bands sweep samples/s on 1 worker / native kernel points/s"],
  ["scaling_vs_control_{N}w", 0.8, "Table 1 bands sweep x1800 (the scaling goal's size), {N} workers / 1 worker, over what {N} spinning threads do (spin_capacity_{N}w)"],
  ["fleet_mc_vs_control_{N}w", 0.8, "Table 3 bands sweep x150 (3.6 M fleet samples, the goal's size), {N} workers / 1 worker, over what {N} spinning threads do (spin_capacity_{N}w)"],
  ["describe_estimate_vs_run_1w", 0.5, "`wattsweep describe`'s estimate / the run it estimates (Table 1 bands sweep, 1 worker)", 2],
  ["sweep_fixed_s_{N}w", 0, "seconds a run costs besides its samples (Table 1 bands sweep x150 against x75, in-process; workers: {N})", 0.3],
];

/** The goals as measured in `f`: each {N} goal once per worker count it has a figure for, in ascending order. */
function measuredGoals(f: Figures): Goal[] {
  return GOALS.flatMap(([key, atLeast, what, atMost]): Goal[] => {
    if (!key.includes("{N}")) return key in f ? [[key, atLeast, what, atMost]] : [];
    const pattern = new RegExp(`^${key.replace("{N}", "(\\d+)")}$`);
    const counts = Object.keys(f).map((k) => pattern.exec(k)?.[1]).filter((n) => n !== undefined).map(Number).sort((a, b) => a - b);
    return counts.map((n) => [key.replaceAll("{N}", String(n)), atLeast, what.replaceAll("{N}", String(n)), atMost]);
  });
}

/** One line per goal whose ratio was measured: value, goal, met or not. */
export function goalLines(f: Figures): string[] {
  return measuredGoals(f).map(([key, atLeast, what, atMost]) => {
    const met = f[key] >= atLeast && (atMost === undefined || f[key] <= atMost);
    const goal = atMost === undefined ? `>= ${atLeast}` : atLeast === 0 ? `<= ${atMost}` : `${atLeast} to ${atMost}`;
    // a scaling figure beside its speedup, the most the run's CPU seconds allow on the machine's
    // cores, and how the workers compare with as many shards run side by side as processes
    const w = /^scaling_vs_control_(\d+)w$/.exec(key)?.[1];
    const ceiling = w === undefined ? undefined : f[`scaling_cpu_ceiling_speedup_${w}w`];
    const shards = w === undefined ? undefined : f[`scaling_vs_shards_${w}w`];
    let beside = ceiling === undefined ? "" : `; speedup ${f[`scaling_speedup_${w}w`].toFixed(2)}, its CPU seconds allow at most ${ceiling.toFixed(2)}`;
    if (shards !== undefined) beside += `; as processes, ${shards.toFixed(2)}x as fast as ${w} shards side by side`;
    return `${key} = ${f[key].toFixed(3)} (goal ${goal}: ${met ? "met" : "NOT met"}${beside}): ${what}`;
  });
}
