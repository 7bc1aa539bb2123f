// The package as a user installs it: `npm pack`, the tarball installed into an empty folder,
// then plain node (no TypeScript loader anywhere) imports "wattsweep", runs the binary, and a
// sweep file of that folder runs on the installed package's workers, with the same bands as
// the same file run in-process from src/. The one slow spawned test (npm install: seconds).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, ROOT } from "../helpers.ts";
// @ts-expect-error: a plain .mjs script without declarations
import { ensureBuilt } from "../../scripts/build.mjs";

const SWEEP = `import { defineSweep, log2Range, profiles, uniform } from "wattsweep";
export default defineSweep({
  name: "installed",
  grid: { ctx: log2Range(4096, 16384), gpu: profiles("h100-80gb", "a100-80gb") },
  uncertain: { beta: { target: "beta", dist: uniform(0, 0.2) } },
  samples: 40, seed: 11,
});
`;

const npm = (args: string[], cwd: string) => execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8" });

describe("the packed package", () => {
  it("installs into an empty folder and runs as plain JavaScript", async () => {
    await ensureBuilt();
    const dir = mkdtempSync(join(tmpdir(), "wattsweep-pack-"));
    // dist/ is built (npm ci's prepare; ensureBuilt above): pack without rebuilding under other tests
    const [{ filename, files }] = JSON.parse(npm(["pack", "--json", "--ignore-scripts", "--pack-destination", dir], ROOT));
    const packed = (files as { path: string }[]).map((f) => f.path);
    expect(packed).toContain("dist/index.d.ts");
    expect(packed).toContain("dist/worker.js");
    expect(packed).toContain("dist/yargs-locales/en.json"); // yargs reads its (English) messages from there
    expect(packed.filter((p) => p.startsWith("src/") || p.startsWith("test/"))).toEqual([]);
    const user = join(dir, "user");
    mkdirSync(user);
    npm(["install", "--prefer-offline", join(dir, filename)], user);

    const api = spawnSync(process.execPath, ["-e", `import("wattsweep").then((w) => {
      const plan = w.planSweep(w.defineSweep({ name: "p", grid: { ctx: w.log2Range(2048, 8192), gpu: w.profiles("h100-80gb", "b200-projected") }, samples: 3 }));
      console.log(plan.points, plan.samples, typeof w.runSweep);
    })`], { cwd: user, encoding: "utf8" });
    expect(api.stderr).toBe("");
    expect(api.stdout).toBe("6 3 function\n");

    const bin = join(user, "node_modules/.bin/wattsweep");
    const list = spawnSync(bin, ["list", "gpus"], { cwd: user, encoding: "utf8" });
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^key +name/);
    expect(list.stdout).toContain("h100");

    writeFileSync(join(user, "installed.ts"), SWEEP);
    const run = spawnSync(bin, ["run", "installed.ts", "--out", "out", "--workers", "2"], { cwd: user, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const here = await cli(["run", join(user, "installed.ts"), "--out", join(dir, "here"), "--workers", "1"]);
    expect(here.code, here.stderr).toBe(0);
    const bands = readFileSync(join(user, "out/bands.csv"), "utf8");
    expect(bands.trim().split("\n")).toHaveLength(1 + 6);
    expect(bands).toBe(readFileSync(join(dir, "here/bands.csv"), "utf8"));
    // `run` starts its first thread before it parses its command line: with no run to take it
    // (--version), or a command line or a sweep file that fails, the command still ends as it
    // would without the thread
    const version = spawnSync(bin, ["run", "installed.ts", "--version"], { cwd: user, encoding: "utf8", timeout: 30_000 });
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version);
    writeFileSync(join(user, "broken.ts"), "export default {");
    for (const [args, message] of [
      [["installed.ts", "--workerz", "2"], "unknown argument --workerz"],
      [["broken.ts", "--workers", "2", "--out", "bad"], "failed to load"],
    ] as const) {
      const failed = spawnSync(bin, ["run", ...args], { cwd: user, encoding: "utf8", timeout: 30_000 });
      expect(failed.status, failed.stderr).toBe(2);
      expect(failed.stderr).toContain(message);
    }
  });
});
