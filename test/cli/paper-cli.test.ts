import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";
import { cli, runCli } from "../helpers.ts";
import { table1Rows } from "../../src/paper/singleGpuTables.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "wattsweep-test-"));

describe("wattsweep paper", () => {
  it("writes CSV and Arrow that another Arrow reader opens with full precision and units", () => {
    const out = tmp();
    // the one run through the real binary: the built dist/, yargs and the files a user gets
    const r = runCli(["paper", "--tables", "1,2,4,5", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Table 1");
    expect(readdirSync(out).sort()).toEqual(["manifest.json", "table1.arrow", "table1.csv", "table1.parquet", "table2.arrow", "table2.csv",
      "table2.parquet", "table4.arrow", "table4.csv", "table4.parquet", "table5.arrow", "table5.csv", "table5.parquet"]);
    const csv = readFileSync(join(out, "table1.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("ctx,gpu,n_max,power_w,tok_s,tok_per_w");
    expect(readFileSync(join(out, "table2.csv"), "utf8").split("\n")[0]).toBe("model,gpu,tp,n_max,tok_s,power_w,tok_per_w");
    expect(readFileSync(join(out, "table4.csv"), "utf8").split("\n")[0]).toBe("pool,ctx,n_max,n_active,power_w,tok_per_w");
    expect(readFileSync(join(out, "table5.csv"), "utf8").split("\n")[0]).toBe("gpu,n_max,p_sat_w,w_ms,tok_per_w,tok_per_dollar_m");
    const expected = table1Rows("v1");
    const df = pl.readIPC(readFileSync(join(out, "table1.arrow")));
    expect(df.height).toBe(14);
    expect(df.getColumn("tok_per_w").toArray()).toEqual(expected.map((x) => x.tok_per_w));
    expect(df.getColumn("gpu").toArray()).toEqual(expected.map((x) => x.gpu));
    expect(csv.slice(1).map((line) => Number(line.split(",")[5]))).toEqual(expected.map((x) => x.tok_per_w));
  });
  it("v2 changes only the B200 cells", async () => {
    const [a, b] = [tmp(), tmp()];
    expect((await cli(["paper", "--tables", "1", "--out", a])).code).toBe(0);
    expect((await cli(["paper", "--tables", "1", "--revision", "v2", "--out", b])).code).toBe(0);
    const rows = (d: string) => readFileSync(join(d, "table1.csv"), "utf8").trim().split("\n").slice(1);
    rows(a).forEach((line, i) => {
      if (line.includes(",H100,")) expect(rows(b)[i]).toBe(line);
      else expect(rows(b)[i]).not.toBe(line);
    });
  });
  it("an unknown table is a one-line error, exit 2, nothing written", async () => {
    const out = join(tmp(), "out");
    const r = await cli(["paper", "--tables", "1,9", "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/table = "9"/);
    expect(existsSync(out)).toBe(false);
  });
});

describe("wattsweep profile: bad input is one line naming field and value, exit 2, no file", () => {
  const cases: Array<[string, string[], RegExp]> = [
    ["config.json missing a field", ["--model", "CONFIG"], /config\.json: num_attention_heads = \(missing\)/],
    ["non-positive context", ["--ctx", "8K,-4096"], /context = "-4096"/],
    ["zero context", ["--ctx", "0"], /context = "0"/],
    ["TP not a positive integer", ["--tp", "2.5"], /tp = "2\.5"/],
    ["negative TP", ["--tp", "-8"], /tp = "-8"/],
    ["unknown dtype", ["--dtype", "fp6"], /dtype = "fp6"/],
    ["unknown GPU", ["--gpu", "h1000"], /unknown GPU "h1000"; valid: a100/],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const dir = tmp();
      const config = join(dir, "config.json");
      writeFileSync(config, JSON.stringify({ num_hidden_layers: 32, hidden_size: 4096, vocab_size: 32000, intermediate_size: 14336 }));
      const out = join(dir, "out");
      const r = await cli(["profile", ...args.map((a) => (a === "CONFIG" ? config : a)), "--out", out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    });
  }
  it("good input writes the points", async () => {
    const out = join(tmp(), "out");
    const r = await cli(["profile", "--gpu", "h200", "--model", "qwen3-32b", "--tp", "2", "--ctx", "8K,32K", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, "profile_points.csv"), "utf8").split("\n")).toHaveLength(4);
  });
});

describe("wattsweep list", () => {
  it("prints the catalogs", async () => {
    expect((await cli(["list", "gpus"])).stdout).toMatch(/gb300/);
    expect((await cli(["list", "models"])).stdout).toMatch(/deepseek-v3/);
    expect((await cli(["list", "profiles"])).stdout).toMatch(/b200-measured/);
  });
});
