// The CLI as a shell user meets it, in-process: examples and exit codes in every --help,
// shell completion, one line per unknown argument or command, and --json objects for list,
// describe and profile whose values equal the catalogs and computations they report.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers.ts";
import { COMMANDS, commandsFor } from "../../src/cli/commands.ts";
import { commandName } from "../../src/cli/help.ts";
import { GPUS, namedProfiles } from "../../src/model/index.ts";
import { loadSweepPlan } from "../../src/sweep/index.ts";
import { moduleDir, sweepFile, table1Body } from "../sweep/helpers.ts";

const ROOT = join(import.meta.dirname, "../..");
const EXIT_LINE = /Exit codes: 0 done; 1 failure .*2 bad input .*130 interrupted by Ctrl-C \(SIGINT\); 143 stopped by SIGTERM/s;

describe("help, completion and unknown input", () => {
  it("every command's --help shows examples of that command and the exit codes", async () => {
    const names = (await commandsFor([])).map(commandName);
    expect(names).toEqual(Object.keys(COMMANDS));
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const name of names) {
      const r = await cli([name, "--help"]);
      expect(r.code, name).toBe(0);
      expect(r.stdout, name).toContain("Examples:");
      expect(r.stdout, name).toContain(`wattsweep ${name} `);
      expect(r.stdout.replace(/\s+/g, " "), name).toMatch(EXIT_LINE);
    }
    expect((await cli(["--help"])).stdout.replace(/\s+/g, " ")).toMatch(EXIT_LINE);
  });

  it("the README documents the same exit codes", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    for (const code of ["`0`", "`1`", "`2`", "`130`", "`143`"]) expect(readme).toContain(`| ${code} |`);
  });

  it("completion prints a shell script, and the completions it asks for name commands and choices", async () => {
    const script = await cli(["completion"]);
    expect(script.code).toBe(0);
    expect(script.stdout).toContain("complete -o bashdefault -o default -F _wattsweep_yargs_completions wattsweep");
    const words = (await cli(["--get-yargs-completions", "wattsweep", "list", ""])).stdout.split("\n");
    expect(words).toEqual(expect.arrayContaining(["gpus", "models", "profiles"]));
    const top = (await cli(["--get-yargs-completions", "wattsweep", ""])).stdout.split("\n");
    expect(top).toEqual(expect.arrayContaining(["run", "fleet", "init", "completion"]));
  });

  it("one line per unknown argument, as typed; exit 2", async () => {
    const r = await cli(["list", "gpus", "--colour", "--size=3", "extra"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([
      "wattsweep: unknown argument --colour (see --help for the options)",
      "wattsweep: unknown argument --size (see --help for the options)",
      "wattsweep: unknown argument extra (see --help for the options)",
    ]);
    expect(r.stdout).toBe("");
  });

  it("an unknown command: one line, a suggestion only when one is close", async () => {
    const typo = await cli(["lsit", "gpus"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr.trim().split("\n")).toHaveLength(1);
    expect(typo.stderr).toMatch(/^wattsweep: unknown command "lsit": did you mean list\? \(commands: paper, .*fleet/);
    expect((await cli(["valdate"])).stderr).toMatch(/did you mean validate\? /);
    expect((await cli(["calib"])).stderr).toMatch(/did you mean calibrate\? /);
    const far = await cli(["frobnicate", "--x"]);
    expect(far.code).toBe(2);
    expect(far.stderr.trim().split("\n")).toHaveLength(1);
    expect(far.stderr).not.toContain("did you mean");
  });
});

describe("--json", () => {
  it("list gpus/profiles --json: one object whose items carry the catalog's values", async () => {
    const r = await cli(["list", "gpus", "--json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const o = JSON.parse(r.stdout);
    expect(Object.keys(o)).toEqual(["what", "items"]);
    expect(o.what).toBe("gpus");
    expect(o.items.map((g: { key: string }) => g.key)).toEqual(Object.values(GPUS).map((g) => g.key));
    const h100 = o.items.find((g: { key: string }) => g.key === GPUS.h100.key);
    expect(h100).toEqual({ key: GPUS.h100.key, name: GPUS.h100.name, mem_bw_tb_s: GPUS.h100.memBw / 1e12, mem_gib: GPUS.h100.memCapacity / 2 ** 30,
      fp16_tflops: GPUS.h100.fp16Flops / 1e12, fp8_tflops: GPUS.h100.fp8Flops / 1e12, tdp_w: GPUS.h100.tdp, usd_per_gpu_h: GPUS.h100.costPerHour });
    const profiles = JSON.parse((await cli(["list", "profiles", "--json"])).stdout);
    const b200 = profiles.items.find((p: { key: string }) => p.key === "b200-projected");
    expect(b200.W_s).toBe(namedProfiles()["b200-projected"].W); // full precision, not the table's rounding
    expect(b200.quality).toBe("FAIR (±20 %)");
    const models = JSON.parse((await cli(["list", "models", "--json"])).stdout);
    expect(models.items.some((m: { experts: number | null }) => m.experts === null)).toBe(true); // dense: null, not "-"
  });

  it("describe --json: one object with the plan's counts, dimensions and estimates", async () => {
    const dir = moduleDir();
    const file = sweepFile(dir, "d", table1Body(50, 3));
    const r = await cli(["describe", file, "--workers", "2", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    const plan = await loadSweepPlan(file);
    expect(Object.keys(o)).toEqual(["name", "evaluator", "definition_hash", "method", "seed", "grid_points", "samples_per_point",
      "total_samples", "shard_units", "dimensions", "uncertain", "metrics", "derived", "estimate", "memory_bytes"]);
    expect(o).toMatchObject({ name: "t1-small", evaluator: "singleGpu", definition_hash: plan.hash, grid_points: 30, samples_per_point: 50,
      total_samples: 1500, seed: 7, method: "latinHypercube", derived: ["generation_gain"] });
    expect(o.dimensions.map((d: { name: string; size: number }) => [d.name, d.size])).toEqual(plan.dims.map((d) => [d.name, d.values.length]));
    expect(o.dimensions.find((d: { name: string }) => d.name === "gpu").values).toEqual(["h100-80gb", "b200-projected"]);
    expect(o.uncertain.map((u: { name: string }) => u.name)).toEqual(["power_factor", "b200_power"]);
    expect(o.estimate.workers).toBe(2);
    const e = o.estimate;
    expect(e.seconds).toBeCloseTo(e.boot_seconds + e.warmup_seconds + 1500 / (e.samples_per_second_per_worker * e.busy_workers), 12);
    expect(o.memory_bytes.points_file).toBeGreaterThan(1500 * 8);
  });

  it("profile --out FILE.json saves a first-principles profile that --profile reads back to the same numbers, shown by its name", async () => {
    const dir = moduleDir();
    const file = join(dir, "qwen-h200.json");
    const args = ["--gpu", "h200", "--model", "qwen3-32b", "--tp", "2", "--ctx", "8K,32K,128K"];
    const made = await cli(["profile", ...args, "--out", file, "--json"]);
    expect(made.code, made.stderr).toBe(0);
    const a = JSON.parse(made.stdout);
    expect(Object.keys(a)).toEqual(["profile", "points", "files"]);
    expect(a.files).toEqual([file]);
    expect(made.stderr).toContain(`wrote ${file}`); // human text on stderr
    expect(made.stderr).toMatch(/^profile H200/);
    expect(a.points.map((p: { ctx: number }) => p.ctx)).toEqual([8192, 32768, 131072]);
    expect(Object.keys(a.points[0])).toEqual(["ctx", "n_max", "iter_s", "tok_s", "power_w", "tok_per_w"]);
    const back = await cli(["profile", "--profile", file, "--ctx", "8K,32K,128K", "--json"]);
    expect(back.code, back.stderr).toBe(0);
    const b = JSON.parse(back.stdout);
    expect(b.points).toEqual(a.points); // bit for bit through the file
    expect(b.profile.name).toBe(a.profile.name);
    expect(b.profile.name).not.toContain(dir);
    expect(back.stderr).toMatch(new RegExp(`^profile ${a.profile.name.replace(/[/.]/g, "\\$&")}:`));
    // and it sizes a fleet under its name, not its path
    const fleet = JSON.parse((await cli(["fleet", "--cdf", "azure", "--lam", "50", "--topology", "homo", "--profile", file, "--json"])).stdout);
    expect(JSON.stringify(fleet)).toContain(a.profile.name);
    expect(JSON.stringify(fleet)).not.toContain(dir);
  });
});
