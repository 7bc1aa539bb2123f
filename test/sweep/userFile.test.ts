// A user's sweep file outside this repository imports "wattsweep" and runs with no build step.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers.ts";

const SWEEP = `import { defineSweep, log2Range, profiles, uniform } from "wattsweep";
export default defineSweep({
  name: "mine",
  grid: { ctx: log2Range(4096, 16384), gpu: profiles("h100-80gb", "a100-80gb") },
  uncertain: { beta: { target: "beta", dist: uniform(0, 0.2) } },
  samples: 50, seed: 7,
});
`;

describe("a sweep file anywhere on disk", () => {
  it("imports wattsweep from a plain folder and from an ESM package, with the same result", () => {
    const dir = mkdtempSync(join(tmpdir(), "wattsweep-user-"));
    const esm = join(dir, "esm");
    mkdirSync(esm);
    writeFileSync(join(esm, "package.json"), '{ "type": "module" }\n');
    for (const d of [dir, esm]) writeFileSync(join(d, "mine.ts"), SWEEP);
    const plain = runCli(["run", "mine.ts", "--out", "out", "--workers", "2"], dir);
    expect(plain.code, plain.stderr).toBe(0);
    const module = runCli(["run", "mine.ts", "--out", "out", "--workers", "1"], esm);
    expect(module.code, module.stderr).toBe(0);
    const bands = readFileSync(join(dir, "out", "bands.csv"), "utf8");
    expect(bands.trim().split("\n")).toHaveLength(1 + 6);
    expect(readFileSync(join(esm, "out", "bands.csv"), "utf8")).toBe(bands);
  });
});
