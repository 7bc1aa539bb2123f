// `wattsweep fleet` with --max-utilisation, --verify des and --json, and `paper --tables 3
// --max-utilisation`, through the command handlers in-process (one spawn checks the wiring).
import { describe, expect, it } from "vitest";
import { fleetOutput } from "../../src/cli/fleet.ts";
import { InputError } from "../../src/errors.ts";
import { table3 } from "../../src/paper/table3.ts";
import { runCli } from "../helpers.ts";

type FleetArgs = Parameters<typeof fleetOutput>[0];
const args = (over: Partial<FleetArgs>): FleetArgs => ({
  cdf: "azure", lam: 1000, sloMs: 500, gpu: "h100", topology: "fleetopt", bShort: 4096, gamma: 2, longCtx: 65536,
  sampler: "exact", maxUtilisation: "0.85", requests: 200_000, json: false, ...over,
});

describe("wattsweep fleet: which rule binds, the cap, the simulation", () => {
  it("the pool table says g_slo, g_cap, the search start and which one set the count", () => {
    const text = fleetOutput(args({}));
    expect(text).toMatch(/utilisation cap 0\.85/);
    expect(text).toMatch(/^short +H100-80GB +999\.96 .* 39 +34 +39 +34 +cap /m);
    expect(text).toMatch(/^long +H100-80GB .* 2 +1 +1 +2 +start /m);
  });

  it("--json carries binding, g_slo, g_cap, n_gpus per pool, and --verify des a simulated P99 with its interval", () => {
    const doc = JSON.parse(fleetOutput(args({ json: true, verify: "des", requests: 20_000 })));
    expect(doc.max_utilisation).toBe(0.85);
    expect(doc.des).toEqual({ requests: 20_000, warm_up: 2000, seed: 42 });
    expect(doc.pools.map((p: any) => [p.label, p.n_gpus, p.g_slo, p.g_cap, p.g_start, p.binding]))
      .toEqual([["short", 39, 34, 39, 34, "cap"], ["long", 2, 1, 1, 2, "start"]]);
    for (const p of doc.pools) {
      const { p99_ttft_ms: p99, ci95: [lo, hi], slo_met: met } = p.des;
      expect(lo <= p99 && p99 <= hi && met === p99 <= 500).toBe(true);
      // the prefill alone is a floor under the P99 TTFT: at least the mean prefill
      expect(p99).toBeGreaterThanOrEqual(p.mean_prefill_ms);
    }
    expect(fleetOutput(args({ json: true, verify: "des", requests: 20_000 }))).toBe(JSON.stringify(doc, null, 2) + "\n");
  });

  it("--max-utilisation none sizes on the P99 target alone; 0.95 lets pools run hotter", () => {
    const none = JSON.parse(fleetOutput(args({ json: true, maxUtilisation: "none" })));
    expect(none.max_utilisation).toBe(1);
    expect(none.pools.map((p: any) => [p.n_gpus, p.g_slo, p.g_cap, p.g_start, p.binding])).toEqual([[34, 34, null, null, "slo"], [1, 1, null, null, "slo"]]);
    const hot = JSON.parse(fleetOutput(args({ json: true, maxUtilisation: "0.95", topology: "homo" })));
    expect(hot.pools[0]).toMatchObject({ n_gpus: 130, g_cap: 130, g_slo: 125, binding: "cap" });
    expect(fleetOutput(args({ maxUtilisation: "1", verify: "des", requests: 2000 }))).toMatch(/no utilisation cap .*\n[^]*discrete-event check: 2000 requests per pool after 200 discarded/);
  });

  it("bad --max-utilisation and --requests name the flag", () => {
    for (const cap of ["0", "1.5", "abc", "", "-0.1"]) {
      expect(() => fleetOutput(args({ maxUtilisation: cap }))).toThrow(InputError);
      expect(() => fleetOutput(args({ maxUtilisation: cap }))).toThrow(/^--max-utilisation: max_utilisation = .*: must be in \(0, 1\], or none/);
    }
    expect(() => fleetOutput(args({ verify: "des", requests: 100 }))).toThrow(/^--requests: requests = 100: must be a whole number of requests, at least 2000/);
  });

  it("spawned: --json --verify des prints JSON; a bad cap is one line and exit 2", () => {
    const ok = runCli(["fleet", "--cdf", "lmsys_multiturn", "--gpu", "b200", "--topology", "homo", "--json", "--verify", "des", "--requests", "5000"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).pools[0]).toMatchObject({ n_gpus: 21, g_slo: 20, g_cap: 21, binding: "cap", des: { slo_met: true } });
    const bad = runCli(["fleet", "--cdf", "azure", "--max-utilisation", "1.2"]);
    expect([bad.code, bad.stdout, bad.stderr.trim().split("\n").length]).toEqual([2, "", 1]);
    expect(bad.stderr).toMatch(/--max-utilisation: max_utilisation = "1.2"/);
  });
});

describe("paper --tables 3 --max-utilisation", () => {
  const opts = { revision: "v1", sampler: "exact", seed: 42 } as const;
  it("table3_pools says which rule set each count; the layout counts them", () => {
    const paper = table3.build(opts);
    expect(paper.text).toMatch(/GPU counts set by the utilisation cap 0\.85 in 15 of 20 pools, by the search start ceil\(lam\/mu\) \+ 1 in 5, by the P99 target in 0/);
    const pools = paper.files[1].table;
    expect(pools.columns.map((c) => c.name).slice(-4)).toEqual(["g_slo", "g_cap", "g_start", "binding"]);
    const hot = table3.build({ ...opts, maxUtilisation: 0.95 });
    expect(hot.text).toMatch(/utilisation cap 0\.95 in 8 of 20 pools, by the search start ceil\(lam\/mu\) \+ 1 in 9, by the P99 target in 3/);
    const none = table3.build({ ...opts, maxUtilisation: 1 });
    expect(none.text).toMatch(/no utilisation cap: every pool sized on the P99 target alone/);
    expect(none.files[1].table.columns.map((c) => c.name).slice(-2)).toEqual(["g_slo", "binding"]);
  });
});
