// Bad input: one clear line naming the file and field, a non-zero exit, no half-written files.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, watch, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planSweep } from "../../src/sweep/index.ts";
import type { SweepDefinition } from "../../src/index.ts";
import { log2Range, profiles, ratio, uniform } from "../../src/index.ts";
import { cli, runCli } from "../helpers.ts";
import { ROOT, sweepFile, table1Body, tempDir } from "./helpers.ts";

const base = (): SweepDefinition => ({
  name: "e",
  grid: { ctx: log2Range(2048, 8192), gpu: profiles("h100-80gb") },
  uncertain: { f: { target: "power_scale", dist: uniform(0.9, 1.1) } },
  samples: 10,
});

/** Resolves with `look()` once it is defined, re-checking on every change in `folder` (or when `until` settles). */
function changeIn<T>(folder: string, look: () => T | undefined, until: Promise<unknown>): Promise<T | undefined> {
  // the run may remove what is looked into at any moment
  const found = () => {
    try {
      return look();
    } catch {
      return undefined;
    }
  };
  return new Promise((resolve) => {
    const watcher = watch(folder, () => {
      const hit = found();
      if (hit !== undefined) {
        watcher.close();
        resolve(hit);
      }
    });
    const now = found();
    if (now !== undefined) {
      watcher.close();
      resolve(now);
    }
    void until.then(() => {
      watcher.close();
      resolve(found());
    });
  });
}

describe("definition errors name the file and field", () => {
  const cases: Array<[string, (d: SweepDefinition) => unknown, string]> = [
    ["empty dimension", (d) => (d.grid.ctx = []), "f.ts: grid.ctx = []: empty dimension"],
    ["negative sample count", (d) => (d.samples = -5), "f.ts: samples = -5: must be an integer"],
    ["min > max", (d) => (d.uncertain!.f.dist = uniform(1.2, 0.8)), "f.ts: uncertain.f.dist: min = 1.2: greater than max (0.8)"],
    ["unknown metric", (d) => (d.metrics = ["tokPerJ"]), "f.ts: metrics = \"tokPerJ\": unknown metric; valid: n_max, iter_s, tok_s, power_w, tok_per_w"],
    ["unknown profile", (d) => (d.grid.gpu = profiles("h100", "x200")), "f.ts: grid.gpu: unknown profile \"x200\""],
    // every name becomes a column, and every column is snake_case
    ["a camelCase parameter name", (d) => (d.uncertain = { powerFactor: d.uncertain!.f }), "f.ts: uncertain.powerFactor = \"powerFactor\": names are snake_case (lower-case letters, digits, _), e.g. \"power_factor\""],
    ["a camelCase derived metric", (d) => (d.derived = { b200Gain: ratio("tok_per_w", { gpu: "h100-80gb" }, { gpu: "h100-80gb" }) }), "f.ts: derived.b200Gain = \"b200Gain\": names are snake_case"],
    ["an upper-case grid key", (d) => (d.grid.W = [0.004]), "f.ts: grid.W = \"W\": names are snake_case (lower-case letters, digits, _), e.g. \"w\""],
    ["unknown target", (d) => (d.uncertain!.f.target = "watts"), "f.ts: uncertain.f.target = \"watts\": unknown parameter"],
    ["a prototype name as target", (d) => (d.uncertain!.f.target = "constructor"), "f.ts: uncertain.f.target = \"constructor\": unknown parameter"],
    ["an unknown dimension kind", (d) => (d.grid.gpu = { kind: "models", values: ["x"] } as never), "f.ts: grid.gpu = {\"kind\":\"models\",\"values\":[\"x\"]}: not a list of values or a dimension"],
    ["unknown field", (d) => ((d as unknown as Record<string, unknown>).sample = 3), "f.ts: sample = \"\": unknown field"],
    ["unknown evaluator", (d) => (d.evaluator = "cluster"), "f.ts: evaluator = \"cluster\": unknown; valid: singleGpu, fleet"],
    ["derived across a missing dimension", (d) => (d.derived = { g: { across: ["topology"], value: () => 1 } }), "f.ts: derived.g.across = \"topology\": not a grid dimension"],
    ["a where value not in the grid", (d) => (d.uncertain!.f.where = { ctx: 1000 }), "f.ts: uncertain.f.where.ctx = 1000: not a value of grid.ctx"],
    ["a fleet dimension on the kernel", (d) => (d.grid.topology = { kind: "topology", values: ["homo"] }), "f.ts: grid.topology = \"topology\": workloads and topologies need evaluator: \"fleet\""],
    ["no ctx", (d) => delete d.grid.ctx, "f.ts: grid.ctx = (missing): the singleGpu evaluator needs a ctx dimension"],
  ];
  for (const [what, spoil, message] of cases) {
    it(what, () => {
      const d = base();
      spoil(d);
      expect(() => planSweep(d, "f.ts")).toThrow(message);
    });
  }
});

describe("wattsweep run with bad input", () => {
  const dir = tempDir();

  it("a sweep file that throws on import: exit 2, one line naming the file", async () => {
    const file = sweepFile(dir, "throws", `throw new Error("no GPUs today");`);
    const r = await cli(["run", file, "--out", join(dir, "o1")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`wattsweep: ${file}: failed to load: no GPUs today\n`);
    expect(existsSync(join(dir, "o1"))).toBe(false);
  });

  it("a syntax error: exit 2, one line with the location", async () => {
    const file = sweepFile(dir, "syntax", `export default w.defineSweep({ name: "x", grid: { ctx: [1, 2 } });`);
    const r = await cli(["run", file, "--out", join(dir, "o5")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`wattsweep: ${file}: failed to load: ${file}:2:61: ERROR: Expected "]" but found "}"\n`);
  });

  it("a definition error: exit 2, one line with file and field", () => {
    const file = sweepFile(dir, "neg", table1Body(-3));
    // through the real binary: a bad definition exits 2 with one line
    const r = runCli(["run", file, "--out", join(dir, "o2")]);
    expect([r.code, r.signal]).toEqual([2, null]);
    expect(r.stderr.trim().split("\n")).toEqual([`wattsweep: ${file}: samples = -3: must be an integer in [1, 1073741824]`]);
    expect(existsSync(join(dir, "o2"))).toBe(false);
  });

  it("an output folder that is not writable", async () => {
    const file = sweepFile(dir, "ok", table1Body(5));
    writeFileSync(join(dir, "plainfile"), "x");
    const r = await cli(["run", file, "--out", join(dir, "plainfile", "out"), "--workers", "1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^wattsweep: .*plainfile\/out: cannot create folder .*plainfile: .*plainfile is a file\n$/);
  });

  it("a worker that throws mid-run fails the run with that error and leaves no files", async () => {
    const file = sweepFile(dir, "midrun", table1Body(50, 1, `metrics: ["tok_per_w"],`).replace(
      "derived: {", `derived: { boom: { across: ["gpu"], value: (cell) => { const v = cell({ gpu: "h100-80gb" }).tok_per_w; if (v < 3) throw new Error("tok/W too low"); return v; } },`));
    const out = join(dir, "o3");
    const r = await cli(["run", file, "--out", out, "--workers", "2", "--chunk", "100", "--points"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^wattsweep: derived\.boom failed at point \d+, sample 0: tok\/W too low\n$/);
    expect(existsSync(out)).toBe(false);
  });

  for (const [signal, exitCode] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    it(`${signal} stops the workers and leaves nothing behind, not even temporary files`, async () => {
      const file = sweepFile(dir, "long", table1Body(2_000_000, 50));
      const out = join(dir, `o-${signal}`);
      const child = spawn(process.execPath, [join(ROOT, "bin/wattsweep.js"), "run", file, "--out", out, "--workers", "2", "--points"], { cwd: ROOT });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      const exited = new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
      // the run writes into a temporary sibling folder: wait for it, then for points.arrow streaming into it
      const partial = await changeIn(dir, () => readdirSync(dir).find((f) => f.startsWith(`.o-${signal}.`)), exited);
      await changeIn(join(dir, partial!), () => readdirSync(join(dir, partial!)).find((f) => f.endsWith(".tmp")), exited);
      child.kill(signal);
      expect(await exited).toBe(exitCode);
      expect(stderr).toBe("wattsweep: interrupted; no result files written\n");
      expect(readdirSync(dir).filter((f) => f.includes(`o-${signal}`))).toEqual([]);
    });
  }

  it("describe prints the grid, sample counts and estimates", async () => {
    const file = sweepFile(dir, "desc", table1Body(100, 3));
    const r = await cli(["describe", file, "--workers", "2"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("grid points: 30; samples per point: 100 (latinHypercube, seed 7); total samples: 3000");
    expect(r.stdout).toMatch(/estimate: [\d.]+ s on 2 workers: [\d.]+ s to start a worker, ([\d.]+ s more for its first \d+ samples \(code still compiling\), )?then \d+ samples\/s per worker/);
    expect(r.stdout).toMatch(/ctx +number +5 +tokens +2048, 4096, 8192, 16384, 32768/);
  });
});
