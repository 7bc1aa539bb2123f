import { describe, expect, it } from "vitest";
import { cdfPairs } from "../../src/fleet/index.ts";
import { table3, table3Gains, table3Rows, type Table3Row } from "../../src/paper/table3.ts";
import type { PaperOptions } from "../../src/paper/types.ts";
import { expectClose, fixture } from "../helpers.ts";

const ref1 = fixture("reference-v1.json");
const ref2 = fixture("reference-v2.json");
const pub = fixture("published-v1.json");

type Opts = PaperOptions;
const REFERENCE: Opts = { revision: "v1", sampler: "reference", seed: 42 };
const EXACT: Opts = { revision: "v1", sampler: "exact", seed: 42 };

function find(rows: Table3Row[], r: { workload: string; topology: string; gpu: string }): Table3Row {
  const hit = rows.find((x) => x.workload === r.workload && x.topology === r.topology && x.gpu === r.gpu);
  expect(hit, `${r.workload} ${r.topology} ${r.gpu}`).toBeDefined();
  return hit!;
}

/** Every fleet and pool quantity of a reference row; `power` false skips the power-derived ones. */
function compare(row: Table3Row, ref: any, rel: number, power = true): void {
  const at = `${ref.workload} ${ref.topology} ${ref.gpu}`;
  expect(row.total_gpus, `${at} total_gpus`).toBe(ref.total_gpus);
  expect(row.fleet.pools.map((p) => p.label)).toEqual(ref.pools.map((p: any) => p.label));
  expectClose(row.fleet_cost_per_mil, ref.fleet_cost_per_mil, rel, `${at} cost`);
  if (power) {
    expectClose(row.fleet_power_kw, ref.fleet_power_kw, rel, `${at} kW`);
    expectClose(row.fleet_tok_per_w, ref.fleet_tok_per_w, rel, `${at} tok/W`);
  }
  row.fleet.pools.forEach((p, i) => {
    const q = ref.pools[i];
    const where = `${at} ${q.label}`;
    expect([p.nSlots, p.gpus, p.meanOut, p.maxCtx], `${where} slots, GPUs, mean out, window`).toEqual([q.n_slots, q.n_gpus, q.mean_l_out, q.max_ctx]);
    expectClose(p.lam, q.lam, 1e-12, `${where} lam`);
    cdfPairs(row.plan.pools[i].cdf).forEach(([t, f], j) => {
      expect(t).toBe(q.cdf[j][0]);
      expectClose(f, q.cdf[j][1], 1e-12, `${where} cdf[${j}]`);
    });
    expectClose(p.muGpu, q.mu_gpu, rel, `${where} mu_gpu`);
    expectClose(p.cv2, q.cv2, rel, `${where} cv2`);
    expectClose(p.meanPrefillS, q.mean_prefill_s, rel, `${where} mean prefill`);
    expectClose(p.rho, q.rho, rel, `${where} rho`);
    expectClose(p.nActive, q.n_active, rel, `${where} n_active`);
    expectClose(p.p99TtftMs, q.p99_ttft_ms, rel, `${where} p99`);
    if (power) expectClose(p.powerW, q.power_w, rel, `${where} power`);
  });
}

describe("Table 3 against the reference planner (v1)", () => {
  it("--sampler reference --seed 42 reproduces table3_reference_sampler: counts exact, the rest within 1e-9", () => {
    const rows = table3Rows(REFERENCE);
    expect(rows).toHaveLength(ref1.table3_reference_sampler.length);
    for (const ref of ref1.table3_reference_sampler) compare(find(rows, ref), ref, 1e-9);
  });
  it("--sampler exact reproduces table3_exact: counts exact, the rest within 1e-6", () => {
    const rows = table3Rows(EXACT);
    for (const ref of ref1.table3_exact) compare(find(rows, ref), ref, 1e-6);
  });
});

describe("Table 3 against the reference planner (v2: B200 power anchored at batch 1)", () => {
  for (const [sampler, key, rel] of [["reference", "table3_reference_sampler", 1e-9], ["exact", "table3_exact", 1e-6]] as const) {
    it(`${sampler} reproduces ${key}`, () => {
      const rows = table3Rows({ revision: "v2", sampler, seed: 42 });
      expect(rows).toHaveLength(ref2[key].length);
      for (const ref of ref2[key]) compare(find(rows, ref), ref, rel);
    });
  }
});

/** Rounds to the decimals the published number shows (JSON drops trailing zeros: 32.0 → 32). */
const printedAs = (value: number, printed: number) => Number(value.toFixed(String(printed).split(".")[1]?.length ?? 0));

describe("published v1 digits", () => {
  const rows = table3Rows(REFERENCE);
  it("seed 42, rounded as printed, equals published Table 3", () => {
    for (const [workload, bShort, topology, gpu, gpus, kw, tokW, vs] of pub.table3.rows) {
      const r = find(rows, { workload, topology, gpu });
      expect([r.b_short, r.total_gpus, printedAs(r.fleet_power_kw, kw), printedAs(r.fleet_tok_per_w, tokW)]).toEqual([bShort, gpus, kw, tokW]);
      const pct = Math.round((r.vs_h100_homo - 1) * 100);
      expect(vs === null ? null : `+${pct}%`).toBe(vs);
    }
  });
  it("and the headline gains", () => {
    const azure = table3Gains(rows).find((g) => g.workload === "azure")!;
    const c = pub.headline_claims;
    expect([azure.routing.H100, azure.generation.homo, azure.combined].map((x) => Number(x.toFixed(2))))
      .toEqual([c.routing_gain_h100_azure, c.generation_gain_homo_azure, c.combined_gain_azure]);
  });
});

describe("Table 3 output", () => {
  it("writes table3 and table3_pools and prints the layout with gains", () => {
    const out = table3.build(EXACT);
    expect(out.files.map((f) => f.name)).toEqual(["table3", "table3_pools"]);
    const [fleet, pools] = out.files.map((f) => f.table);
    expect(fleet.length).toBe(12);
    expect(fleet.columns.map((c) => c.name).slice(0, 8)).toEqual(["workload", "topology", "gpu", "b_short", "gamma", "total_gpus",
      "fleet_power_kw", "fleet_tok_per_w"]);
    expect(pools.length).toBe(20);
    expect(out.text).toMatch(/routing H100/);
    expect(out.text).toMatch(/azure +4096 +fleetopt +B200 +18 \(17\)/);
    expect(table3.build(EXACT).text).toBe(out.text);
  });
});
