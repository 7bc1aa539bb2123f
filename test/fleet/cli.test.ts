import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, fixture } from "../helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "wattsweep-fleet-"));
function cdfFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("wattsweep fleet", () => {
  it("prints the per-pool breakdown and fleet totals (the paper's exact azure FleetOpt H100 fleet)", async () => {
    const r = await cli(["fleet", "--cdf", "azure", "--lam", "1000", "--slo-ms", "500", "--gpu", "h100", "--topology", "fleetopt",
      "--b-short", "4096", "--gamma", "2"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^short +H100-80GB +999\.96 +4096 +256 .* 39 /m);
    expect(r.stdout).toMatch(/^long +H100-80GB .* 2 /m);
    expect(r.stdout).toMatch(/fleet: 41 GPUs, 23\.684 kW, 13\.726 output tok\/W/);
  });
  it("takes a CDF file, N pools with their own GPUs, and the reference sampler", async () => {
    const path = cdfFile("mine.json", "[[512, 0.5], [4096, 0.9], [32768, 1]]");
    const r = await cli(["fleet", "--cdf", path, "--topology", "pools", "--pools", "1K@b200,8K/4K@h100,64K", "--sampler", "reference"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^pool0 +B200-SXM-projected/m);
    expect(r.stdout).toMatch(/^pool1 +H100-80GB +\S+ +4096 /m);
    expect(r.stdout).toMatch(/^pool2 +H100-80GB +\S+ +65536 /m);
  });
  it("says when the mean prefill pushes the sized fleet's P99 TTFT past the SLO (the paper sizes on the wait)", async () => {
    const r = await cli(["fleet", "--cdf", "lmsys_multiturn", "--topology", "homo", "--gpu", "a10g", "--lam", "13", "--slo-ms", "1000"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/note: pools are sized so that the P99 wait meets the SLO .* worst P99 TTFT is 1028\.1 ms/);
  });

  const bad: Array<[string, string[], RegExp]> = [
    ["CDF not increasing", ["--cdf", "@[[100, 0.2], [100, 0.5]]"], /cdf\[1\] = \[100,0\.5\]: tokens must increase/],
    ["fraction outside [0, 1]", ["--cdf", "@[[100, 0.5], [200, 1.5]]"], /cumulative_fraction must be within \[0, 1\]/],
    ["empty CDF", ["--cdf", "@[]"], /is empty/],
    ["CDF not JSON", ["--cdf", "@not json"], /not JSON/],
    ["unknown workload", ["--cdf", "azur"], /neither a file nor a workload/],
    ["zero arrival rate", ["--cdf", "azure", "--lam", "0"], /lam = 0: arrival rate must be positive/],
    ["negative SLO", ["--cdf", "azure", "--slo-ms", "-1"], /slo = -1/],
    ["B_short past the long window", ["--cdf", "azure", "--b-short", "8192", "--long-ctx", "4096"], /b_short = 8192: must be below the long window 4096/],
    ["SLO no fleet can meet", ["--cdf", "azure", "--slo-ms", "20"], /no fleet meets the P99 TTFT SLO of 20 ms: pool long .*at best a P99 TTFT of 50\.49 ms \(its mean prefill\)/],
    ["unknown GPU", ["--cdf", "azure", "--gpu", "h1000"], /unknown GPU "h1000"/],
    ["a GPU and a profile", ["--cdf", "azure", "--gpu", "h100", "--profile", "h100-80gb"], /--profile: profile = "h100-80gb": give --gpu or --profile, not both/],
    ["a profile file as --gpu", ["--cdf", "azure", "--gpu", "my-profile.json"], /unknown GPU "my-profile.json"/],
  ];
  bad.forEach(([what, args, message], n) => {
    it(`${what}: one line, exit 2`, async () => {
      const r = await cli(["fleet", ...args.map((a) => (a.startsWith("@") ? cdfFile(`bad${n}.json`, a.slice(1)) : a))]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stdout).toBe("");
    });
  });
});

describe("wattsweep paper --tables 3", () => {
  it("writes table3 and table3_pools at full precision, byte-identical run to run", async () => {
    const [a, b] = [mkdtempSync(join(dir, "a-")), mkdtempSync(join(dir, "b-"))];
    for (const out of [a, b]) {
      const r = await cli(["paper", "--tables", "3", "--sampler", "reference", "--seed", "42", "--out", out]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/combined/);
    }
    expect(readdirSync(a).sort()).toEqual(["manifest.json", "table3.arrow", "table3.csv", "table3.parquet", "table3_pools.arrow", "table3_pools.csv", "table3_pools.parquet"]);
    for (const f of readdirSync(a).filter((f) => f !== "manifest.json")) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
    const [header, ...lines] = readFileSync(join(a, "table3.csv"), "utf8").trim().split("\n");
    const col = header.split(",");
    const ref = fixture("reference-v1.json").table3_reference_sampler;
    expect(lines).toHaveLength(ref.length);
    for (const line of lines) {
      const cell = Object.fromEntries(line.split(",").map((v, i) => [col[i], v]));
      const r = ref.find((x: any) => x.workload === cell.workload && x.topology === cell.topology && x.gpu === cell.gpu);
      expect(Number(cell.total_gpus)).toBe(r.total_gpus);
      expect(Math.abs(Number(cell.fleet_tok_per_w) / r.fleet_tok_per_w - 1)).toBeLessThan(1e-9);
    }
  });
});
