// The bench's --json report: flags, the keys CI reads, the ratios, and the checks that keep a
// broken figure out of it. Timing is never asserted; the two real sections run at tiny sizes.
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.ts";
import { collectFigures, type Section } from "../../scripts/bench/collect.ts";
import { kernelBench } from "../../scripts/bench/kernel.ts";
import { haveCompiler } from "../../scripts/bench/native.ts";
import { haveNumpy, numpyPeerRun } from "../../scripts/bench/numpy.ts";
import { parseBenchArgs, type Figures } from "../../scripts/bench/options.ts";
import { goalLines, reportLine, requiredKeys, withRatios } from "../../scripts/bench/report.ts";

const quick = parseBenchArgs(["--quick"]);

describe("npm run bench flags", () => {
  it("defaults to 1 and 2 workers, no JSON", () => {
    expect(parseBenchArgs([])).toEqual({ json: false, quick: false, workers: [1, 2] });
  });

  it("measures the listed worker counts, always with 1 and 2, ascending", () => {
    expect(parseBenchArgs(["--json", "--workers", "8,4"])).toEqual({ json: true, quick: false, workers: [1, 2, 4, 8] });
    expect(parseBenchArgs(["--workers=2,1,2"]).workers).toEqual([1, 2]);
  });

  it("names the flag and the value when the list is bad", () => {
    for (const [args, shown] of [[["--workers", "0,2"], '"0,2"'], [["--workers", "1,,2"], '"1,,2"'], [["--workers=two"], '"two"'], [["--workers"], "(missing)"]] as const) {
      expect(() => parseBenchArgs(args)).toThrow(InputError);
      expect(() => parseBenchArgs(args)).toThrow(`--workers = ${shown}`);
    }
    expect(() => parseBenchArgs(["--jsno"])).toThrow('unknown flag "--jsno"');
  });

  it("--only takes a word of the sections to run, and names the flag when it is missing", () => {
    expect(parseBenchArgs(["--only", "sensitivity"]).only).toBe("sensitivity");
    expect(parseBenchArgs(["--only=kernel", "--json"])).toEqual({ json: true, quick: false, workers: [1, 2], only: "kernel" });
    expect("only" in parseBenchArgs([])).toBe(false);
    expect(() => parseBenchArgs(["--only"])).toThrow("--only = (missing)");
  });
});

describe("the report's keys", () => {
  it("asks per worker count for the sweeps and per count above one for the control", () => {
    const keys = requiredKeys([1, 2, 4], { native: true, numpy: true });
    expect(keys).toEqual(expect.arrayContaining(["kernel_points_per_s", "native_points_per_s", "sweep_samples_per_s_1w",
      "sweep_samples_per_s_2w", "sweep_samples_per_s_4w", "scaling_samples_per_s_1w", "scaling_samples_per_s_4w", "spin_capacity_2w", "spin_capacity_4w", "fleet_mc_samples_per_s_2w",
      "fleet_mc_samples_per_s_4w", "cli_start_s", "worker_boot_s", "numpy_peer_samples_per_s", "sweep_process_s_1w", "numpy_peer_process_s"]));
    expect(keys).not.toContain("spin_capacity_1w");
    const bare = requiredKeys([1, 2], { native: false, numpy: false });
    expect(bare).not.toContain("native_points_per_s");
    expect(bare).not.toContain("numpy_peer_samples_per_s");
    expect(bare).not.toContain("numpy_peer_process_s");
  });

  it("adds the goals' ratios only where both figures are there", () => {
    const r = withRatios({ kernel_points_per_s: 3e7, native_points_per_s: 5e7, sweep_samples_per_s_1w: 8e6,
      sweep_samples_per_s_2w: 1.2e7, sweep_samples_per_s_4w: 2e7, numpy_peer_samples_per_s: 4e6, sweep_process_s_1w: 0.8, numpy_peer_process_s: 2 });
    expect(r.kernel_vs_native).toBeCloseTo(0.6, 12);
    expect(r.sweep_1w_vs_numpy).toBeCloseTo(2, 12);
    expect(r.sweep_1w_vs_numpy_process).toBeCloseTo(2.5, 12);
    expect(r.sweep_1w_vs_native).toBeCloseTo(0.16, 12);
    expect(r.sweep_speedup_2w).toBeCloseTo(1.5, 12);
    expect(r.sweep_speedup_4w).toBeCloseTo(2.5, 12);
    expect(withRatios({ kernel_points_per_s: 3e7 })).toEqual({ kernel_points_per_s: 3e7 });
    // the scaling run: its speedup, and that over the spinning threads' (the goal's measure)
    const s = withRatios({ scaling_samples_per_s_1w: 4e7, scaling_samples_per_s_2w: 6e7, spin_capacity_2w: 1.875 });
    expect(s.scaling_speedup_2w).toBeCloseTo(1.5, 12);
    expect(s.scaling_vs_control_2w).toBeCloseTo(0.8, 12);
    expect(withRatios({ scaling_samples_per_s_1w: 4e7, scaling_samples_per_s_2w: 6e7 })).not.toHaveProperty("scaling_vs_control_2w");
    // as whole processes: 2 shards side by side over the 2-worker process (over 1: the workers are faster)
    const p = withRatios({ scaling_samples_per_s_1w: 4e7, scaling_samples_per_s_2w: 6e7, scaling_process_s_2w: 3.2, scaling_shards_process_s_2w: 3.36 });
    expect(p.scaling_vs_shards_2w).toBeCloseTo(1.05, 12);
    // the fleet Monte Carlo: its speedup, and that over the spinning threads'
    const m = withRatios({ fleet_mc_samples_per_s_1w: 1e6, fleet_mc_samples_per_s_4w: 3e6, spin_capacity_4w: 3.75 });
    expect(m.fleet_mc_speedup_4w).toBeCloseTo(3, 12);
    expect(m.fleet_mc_vs_control_4w).toBeCloseTo(0.8, 12);
    expect(withRatios({ fleet_mc_samples_per_s_1w: 1e6, fleet_mc_samples_per_s_4w: 3e6 })).not.toHaveProperty("fleet_mc_vs_control_4w");
  });

  it("judges each measured goal, at the boundary too", () => {
    expect(goalLines({ kernel_vs_native: 0.6, sweep_1w_vs_numpy: 1.99 })).toEqual([
      "kernel_vs_native = 0.600 (goal >= 0.6: met): TypeScript kernel / native yardstick, one thread",
      "sweep_1w_vs_numpy = 1.990 (goal >= 2: NOT met): Table 1 bands sweep on 1 worker / numpy peer, end to end",
    ]);
    // a range goal: met at both ends, not beyond either
    const estimate = (v: number) => goalLines({ describe_estimate_vs_run_1w: v })[0].split(": ")[1];
    expect([0.49, 0.5, 2, 2.01].map(estimate)).toEqual(["NOT met)", "met)", "met)", "NOT met)"]);
    // a scaling figure beside its speedup and the ceiling its CPU seconds set
    expect(goalLines({ scaling_vs_control_2w: 0.72, scaling_speedup_2w: 1.4, scaling_cpu_ceiling_speedup_2w: 1.456 })[0])
      .toMatch(/^scaling_vs_control_2w = 0\.720 \(goal >= 0\.8: NOT met; speedup 1\.40, its CPU seconds allow at most 1\.46\): /);
    expect(goalLines({ scaling_vs_control_2w: 0.85 })[0]).toMatch(/^scaling_vs_control_2w = 0\.850 \(goal >= 0\.8: met\): /);
    expect(goalLines({ scaling_vs_control_2w: 0.72, scaling_speedup_2w: 1.4, scaling_cpu_ceiling_speedup_2w: 1.456, scaling_vs_shards_2w: 1.05 })[0])
      .toMatch(/allow at most 1\.46; as processes, 1\.05x as fast as 2 shards side by side\): /);
    // a goal at every worker count: once per count measured, ascending, named with it
    const scaled = goalLines({ scaling_vs_control_16w: 0.81, scaling_vs_control_2w: 0.79, fleet_mc_vs_control_2w: 0.9 });
    expect(scaled.map((line) => line.split(" (")[0])).toEqual(["scaling_vs_control_2w = 0.790", "scaling_vs_control_16w = 0.810", "fleet_mc_vs_control_2w = 0.900"]);
    expect(scaled[1]).toMatch(/: met\): Table 1 bands sweep x1800 \(the scaling goal's size\), 16 workers \/ 1 worker, over what 16 spinning threads do \(spin_capacity_16w\)$/);
    expect(scaled[2]).toMatch(/: met\): Table 3 bands sweep x150 .*, 2 workers \/ 1 worker/);
    expect(goalLines({ scaling_speedup_2w: 1.5 })).toEqual([]);
    // a ceiling alone, at 1 worker too
    expect(goalLines({ sweep_fixed_s_1w: 0.2, sweep_fixed_s_16w: 0.31 }).map((line) => line.split("): ")[0])).toEqual([
      "sweep_fixed_s_1w = 0.200 (goal <= 0.3: met", "sweep_fixed_s_16w = 0.310 (goal <= 0.3: NOT met"]);
  });

  it("refuses a missing key or a figure that is not a finite positive number, naming each", () => {
    expect(() => reportLine({ a: 1 }, ["a", "b"])).toThrow("b is missing");
    for (const bad of [NaN, 0, -1, Infinity]) expect(() => reportLine({ a: 1, b: bad }, ["a"])).toThrow(`b = ${bad}`);
    expect(JSON.parse(reportLine({ a: 1.5, b: 2 }, ["a", "b"]))).toEqual({ a: 1.5, b: 2 });
  });
});

describe("collecting the sections", () => {
  const have = { native: true, numpy: true };
  // stand-ins with known figures for the sections that need worker pools and child processes
  const standIns: Section[] = [
    ["kernel", async () => ({ kernel_points_per_s: 3e7, native_points_per_s: 6e7 })],
    ["startup", async () => ({ cli_start_s: 0.4, worker_boot_s: 0.3 })],
    ["sweep", async (o) => ({ sweep_process_s_1w: 1, ...Object.fromEntries(o.workers.flatMap((w) => [[`sweep_samples_per_s_${w}w`, 5e6 * w],
      [`scaling_samples_per_s_${w}w`, 4e6 * w],
      [`fleet_mc_samples_per_s_${w}w`, 2e4 * w], ...(w > 1 ? [[`spin_capacity_${w}w`, 0.95 * w]] : [])])) })],
    ["numpy", async () => ({ numpy_peer_samples_per_s: 2.5e6, numpy_peer_process_s: 2 })],
  ];

  it("merges every section's figures with the ratios into one line holding every required key", async () => {
    const { figures, required } = await collectFigures(parseBenchArgs(["--quick", "--workers", "1,2,4"]), standIns, have);
    const parsed = JSON.parse(reportLine(figures, required)) as Figures;
    for (const key of required) expect(parsed[key], key).toBeGreaterThan(0);
    expect(parsed.sweep_speedup_4w).toBeCloseTo(4, 12);
    expect(parsed.sweep_1w_vs_numpy).toBeCloseTo(2, 12);
    expect(parsed.quick).toBe(1);
  });

  it("--only runs just the matching sections and requires no key; a word matching none is a bad input", async () => {
    const { figures, required } = await collectFigures(parseBenchArgs(["--only", "STARTUP"]), standIns, have);
    expect(required).toEqual([]);
    expect(Object.keys(figures).sort()).toEqual(["cli_start_s", "cores", "worker_boot_s"]);
    await expect(collectFigures(parseBenchArgs(["--only", "sobol"]), standIns, have)).rejects.toThrow(InputError);
    await expect(collectFigures(parseBenchArgs(["--only", "sobol"]), standIns, have)).rejects.toThrow('--only = "sobol": matches no section; sections: kernel, startup, sweep, numpy');
  });

  it("fails the report when a section leaves out a key CI reads", async () => {
    const { figures, required } = await collectFigures(quick, standIns.filter(([name]) => name !== "startup"), have);
    expect(() => reportLine(figures, required)).toThrow("cli_start_s is missing; worker_boot_s is missing");
  });
});

describe("the real yardsticks at tiny sizes", () => {
  it("the kernel section reports its rate, and the native one computes the same tokPerW sum (else it throws)", async () => {
    const f = await kernelBench(quick);
    expect(f.kernel_points_per_s).toBeGreaterThan(0);
    if (haveCompiler()) expect(f.native_points_per_s).toBeGreaterThan(0);
  });

  it.runIf(haveNumpy())("the numpy peer runs and reports a rate and its process's wall time", () => {
    const run = numpyPeerRun(1, 50);
    expect(run.samplesPerS).toBeGreaterThan(0);
    expect(run.processSeconds).toBeGreaterThan(0);
  });
});
