// Inputs that make no physical sense are refused with one line naming the file or flag, the
// field and the value (exit 2), not computed. Each case was accepted (or crashed) before.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers.ts";
import { moduleDir, sweepFile } from "../sweep/helpers.ts";

const dir = moduleDir("wattsweep-bad-");
const out = join(dir, "out");

function sweep(name: string, fields: { name?: string; ctx?: string; dist?: string }): string {
  return sweepFile(dir, name, `export default w.defineSweep({
  name: ${JSON.stringify(fields.name ?? "bad")},
  grid: { ctx: ${fields.ctx ?? "[2048, 4096]"}, gpu: w.profiles("h100-80gb") },
  uncertain: { power_band: { target: "power_scale", dist: ${fields.dist ?? "w.plusMinus(0.2)"} } },
  samples: 4,
});`);
}
const good = sweep("good", {});

it("the unchanged sweep runs (so each refusal below is the bad field's doing)", async () => {
  const r = await cli(["describe", good]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
});

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function refused(args: string[], ...mentions: string[]) {
  const r = await cli(args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split("\n"), r.stderr).toHaveLength(1);
  for (const m of mentions) expect(r.stderr).toContain(m);
}

describe("sweep definitions", () => {
  it.each([
    ["plusMinus(1.2) on a scale (negative watts)", { dist: "w.plusMinus(1.2)" }, ["uncertain.power_band.dist", "plusMinus(f) needs f < 1"]],
    ["plusMinus(1): a scale of 0", { dist: "w.plusMinus(1)" }, ["uncertain.power_band.dist", "stay positive"]],
    ["a normal scale reaching below 0", { dist: "w.normal(1, 0.5)" }, ["uncertain.power_band.dist", "stay positive"]],
    ["context 0", { ctx: "[0, 2048]" }, ["grid.ctx = 0"]],
    ["a negative context", { ctx: "[-2048]" }, ["grid.ctx = -2048"]],
    ["a fractional context", { ctx: "[2048.5]" }, ["grid.ctx = 2048.5"]],
    ["a context beyond any model", { ctx: "[2 ** 30]" }, [`grid.ctx = ${2 ** 30}`]],
    ["a name that leaves results/", { name: "../../etc" }, ['name = "../../etc"', "plain folder name"]],
    ["an absolute name", { name: "/tmp/x" }, ['name = "/tmp/x"']],
  ])("%s", async (label, fields, mentions) => {
    const path = sweep(label.replace(/\W+/g, "-"), fields);
    await refused(["run", path, "--workers", "1", "--out", out], path, ...mentions);
    await refused(["describe", path], path, ...mentions);
    expect(readdirSync(dir).filter((f) => f.startsWith("out") || f.startsWith(".out"))).toEqual([]);
  });
});

describe("flags", () => {
  it.each([
    [["run", good, "--workers", "1000"], "--workers", "from 1 to"],
    [["describe", good, "--workers", "1000"], "--workers", "from 1 to"],
    [["describe", good, "--chunk", "0"], "--chunk", 'chunk = "0"'],
    [["run", good, "--workers", "0x2"], "--workers", '"0x2"'],
    [["run", good, "--chunk", "2.5"], "--chunk", '"2.5"'],
    [["run", good, "--seed", "1e3"], "--seed", '"1e3"'],
    [["describe", good, "--workers", "1.5"], "--workers", '"1.5"'],
    [["profile", "--tp", "0x8"], "--tp", '"0x8"'],
    [["profile", "--ctx", "0"], "--ctx", '"0"'],
    [["profile", "--ctx", "99999999"], "--ctx", '"99999999"'],
    [["fleet", "--cdf", "azure", "--seed", "4.2"], "--seed", '"4.2"'],
  ])("%j", async (args, flag, mention) => {
    await refused([...args, ...(args[0] === "run" ? ["--out", out] : [])], flag, mention);
  });
});

describe("files", () => {
  it("a CDF whose last fraction is not 1, or with absurd lengths", async () => {
    await refused(["fleet", "--cdf", file("short.json", "[[100, 0.5], [200, 0.9]]")], "short.json", "cdf[1]", "must be 1");
    await refused(["fleet", "--cdf", file("long.json", "[[100, 0.5], [1e12, 1]]")], "long.json", "cdf[1]", "2^24");
  });

  it("a pool list whose windows do not cover the traffic they are given", async () => {
    const pools = (list: string) => ["fleet", "--cdf", "azure", "--topology", "pools", "--pools", list];
    await refused(pools("4096,8192"), "--pools", "pool1.window = 8192", "65536");
    await refused(pools("4096,64K,128K"), "--pools", "pool2", "receives no traffic");
    expect((await cli(pools("4096,64K"))).code).toBe(0);
  });

  it("a folder given as --cdf or as a measurement file", async () => {
    const folder = join(dir, "a-folder");
    mkdirSync(folder, { recursive: true });
    await refused(["fleet", "--cdf", folder], folder);
    await refused(["calibrate", "--power", folder], folder, "is a folder");
  });

  it("1e400 in a CSV, and a header naming a column twice", async () => {
    await refused(["calibrate", "--power", file("huge.csv", "batch,power\n1,300\n2,1e400\n")], "huge.csv", "line 3", '"power" = 1e400');
    await refused(["calibrate", "--power", file("twice.csv", "batch,power,power\n1,300,310\n")], "twice.csv", 'header column = "power"', "twice");
  });

  it("a model that does not fit in GPU memory at the chosen TP", async () => {
    // 70B fp16 on one 80 GiB H100: 129.5 GiB of weights
    await refused(["profile", "--model", "llama-3.1-70b", "--tp", "1", "--out", out], "--tp", "tp = 1", "129.5 GiB", "80.0 GiB");
    expect(readdirSync(dir).includes("out")).toBe(false);
    expect((await cli(["profile", "--model", "llama-3.1-70b", "--tp", "2"])).code).toBe(0);
  });

  it("KV heads that do not divide the heads", async () => {
    const config = file("config.json", JSON.stringify({
      num_attention_heads: 32, num_key_value_heads: 7, num_hidden_layers: 32, hidden_size: 4096, intermediate_size: 14336, vocab_size: 32000,
    }));
    await refused(["profile", "--model", config, "--tp", "1"], "config.json", "num_key_value_heads = 7", "divide num_attention_heads (32)");
  });
});
