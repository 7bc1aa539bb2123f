import { formatTable } from "../io/format.ts";
import {
  loadWorkload, PAPER_B_SHORT, PAPER_FLEET, PAPER_MAX_UTILISATION, planFleet, poolSloGpus, sizePlan, type FleetPlan, type FleetResult,
  type MomentMethod, type Topology,
} from "../fleet/index.ts";
import { tableFromRows } from "../io/columns.ts";
import { b200Profile, MANUAL_PROFILES, type Profile } from "../model/index.ts";
import { beside, published } from "./published.ts";
import type { PaperOptions, PaperTable } from "./types.ts";

export const TABLE3_TOPOLOGIES = ["homo", "pool", "fleetopt"] as const;
export type Table3Topology = (typeof TABLE3_TOPOLOGIES)[number];

export interface Table3Row {
  workload: string;
  b_short: number;
  gamma: number;
  topology: Table3Topology;
  gpu: "H100" | "B200";
  total_gpus: number;
  fleet_power_kw: number;
  fleet_tok_per_w: number;
  fleet_cost_per_mil: number;
  worst_p99_ttft_ms: number;
  vs_h100_homo: number;
  plan: FleetPlan;
  profile: Profile;
  fleet: FleetResult;
}

function topologyOf(kind: Table3Topology, bShort: number): Topology {
  if (kind === "homo") return { kind };
  return kind === "pool" ? { kind, bShort } : { kind, bShort, gamma: PAPER_FLEET.gamma };
}

/** The paper's Table 3 fleets (docs/model.md §10), in its row order: per workload, H100 then B200, three topologies. */
export function table3Rows(opts: PaperOptions): Table3Row[] {
  const method: MomentMethod = { sampler: opts.sampler, seed: opts.seed };
  const gpus: Array<[Table3Row["gpu"], Profile]> = [["H100", MANUAL_PROFILES["h100-80gb"]], ["B200", b200Profile(opts.revision)]];
  return Object.entries(PAPER_B_SHORT).flatMap(([workload, bShort]) => {
    const wl = loadWorkload(workload);
    const plans = TABLE3_TOPOLOGIES.map((t) => planFleet(topologyOf(t, bShort), wl, PAPER_FLEET));
    const rows = gpus.flatMap(([gpu, profile]) =>
      TABLE3_TOPOLOGIES.map((topology, i) => {
        const fleet = sizePlan(plans[i], profile, PAPER_FLEET.sloS, method, opts.maxUtilisation ?? PAPER_MAX_UTILISATION);
        return {
          workload, b_short: bShort, gamma: PAPER_FLEET.gamma, topology, gpu, total_gpus: fleet.totalGpus,
          fleet_power_kw: fleet.powerKw, fleet_tok_per_w: fleet.tokPerW, fleet_cost_per_mil: fleet.costPerMil,
          worst_p99_ttft_ms: fleet.worstP99TtftMs, vs_h100_homo: 0, plan: plans[i], profile, fleet,
        };
      }));
    for (const r of rows) r.vs_h100_homo = r.fleet_tok_per_w / rows[0].fleet_tok_per_w;
    return rows;
  });
}

export interface Gains {
  workload: string;
  /** FleetOpt / Homo tok/W, per GPU */
  routing: Record<Table3Row["gpu"], number>;
  /** B200 / H100 tok/W, per topology */
  generation: Record<Table3Topology, number>;
  /** B200 FleetOpt / H100 Homo */
  combined: number;
}

export function table3Gains(rows: readonly Table3Row[]): Gains[] {
  return Object.keys(PAPER_B_SHORT).map((workload) => {
    const tokW = (gpu: Table3Row["gpu"], topology: Table3Topology) =>
      rows.find((r) => r.workload === workload && r.gpu === gpu && r.topology === topology)!.fleet_tok_per_w;
    const generation = Object.fromEntries(TABLE3_TOPOLOGIES.map((t) => [t, tokW("B200", t) / tokW("H100", t)]));
    return {
      workload,
      routing: { H100: tokW("H100", "fleetopt") / tokW("H100", "homo"), B200: tokW("B200", "fleetopt") / tokW("B200", "homo") },
      generation: generation as Gains["generation"],
      combined: tokW("B200", "fleetopt") / tokW("H100", "homo"),
    };
  });
}

const percent = (ratio: number) => `${ratio >= 1 ? "+" : ""}${Math.round((ratio - 1) * 100)}%`;

function layout(rows: Table3Row[], opts: PaperOptions): string {
  const paper = published().table3.rows;
  const text = [["workload", "B_short", "topology", "GPU", "GPUs", "kW", "tok/W", "vs H100 homo"]];
  for (const r of rows) {
    const p = paper.find((x) => x[0] === r.workload && x[2] === r.topology && x[3] === r.gpu) ?? [];
    const vs = r.gpu === "H100" && r.topology === "homo" ? "-" : percent(r.vs_h100_homo);
    text.push([r.workload, String(r.b_short), r.topology, r.gpu, beside(r.total_gpus, p[4], 0), beside(r.fleet_power_kw, p[5], 1),
      beside(r.fleet_tok_per_w, p[6], 2), typeof p[7] === "string" ? `${vs} (${p[7]})` : vs]);
  }
  const claims = published().headline_claims;
  const gains = [["gains (tok/W ratios)", "routing H100", "routing B200", "gen. homo", "gen. pool", "gen. fleetopt", "combined"]];
  for (const g of table3Gains(rows)) {
    const azure = g.workload === "azure";
    gains.push([g.workload, beside(g.routing.H100, azure ? (claims.routing_gain_h100_azure as number) : undefined, 2),
      g.routing.B200.toFixed(2), beside(g.generation.homo, azure ? (claims.generation_gain_homo_azure as number) : undefined, 2),
      g.generation.pool.toFixed(2), g.generation.fleetopt.toFixed(2),
      beside(g.combined, azure ? (claims.combined_gain_azure as number) : undefined, 2)]);
  }
  const how = opts.sampler === "exact"
    ? "moments: exact expectation (the paper's digits come from --sampler reference --seed 42)"
    : `moments: reference sampler, 3000 draws, seed ${opts.seed}${opts.seed === 42 ? " (the paper's)" : ""}`;
  const cap = opts.maxUtilisation ?? PAPER_MAX_UTILISATION;
  const pools = rows.flatMap((r) => r.fleet.pools);
  const count = (b: string) => pools.filter((p) => p.binding === b).length;
  const notes = [
    `lambda ${PAPER_FLEET.lam} req/s, P99 TTFT SLO ${PAPER_FLEET.sloS * 1000} ms, long window ${PAPER_FLEET.longCtx}, gamma ${PAPER_FLEET.gamma}; ${how}`,
    cap < 1
      ? `GPU counts set by the utilisation cap ${cap} in ${count("cap")} of ${pools.length} pools, by the search start ` +
        `ceil(lam/mu) + 1 in ${count("start")}, by the P99 target in ${count("slo")} (table3_pools: binding)`
      : `no utilisation cap: every pool sized on the P99 target alone (the paper caps at ${PAPER_MAX_UTILISATION})`,
    "routing = FleetOpt/Homo per GPU; generation = B200/H100 per topology; combined = B200 FleetOpt / H100 Homo",
  ];
  if (opts.revision === "v2") notes.push("v2: B200 rows use the measured-anchor power; published values are v1's");
  return [formatTable(text), "", formatTable(gains), "", ...notes].join("\n");
}

export const table3: PaperTable = {
  id: 3,
  title: "Table 3: fleet tokens per watt by routing topology and GPU generation (Llama-3.1-70B TP8)",
  build(opts) {
    const rows = table3Rows(opts);
    const pools = rows.flatMap((r) => r.fleet.pools.map((p) => ({
      workload: r.workload, topology: r.topology, gpu: r.gpu, pool: p.label, lam: p.lam, max_ctx: p.maxCtx, n_slots: p.nSlots,
      mu_gpu: p.muGpu, cv2: p.cv2, mean_prefill_s: p.meanPrefillS, mean_l_out: p.meanOut, n_gpus: p.gpus, rho: p.rho,
      n_active: p.nActive, power_w: p.powerW, p99_ttft_ms: p.p99TtftMs, cost_per_mil: p.costPerMil,
      g_slo: poolSloGpus(p, PAPER_FLEET.sloS), g_cap: p.gCap ?? 0, g_start: p.gStart ?? 0, binding: p.binding,
    })));
    const capped = (opts.maxUtilisation ?? PAPER_MAX_UTILISATION) < 1;
    const fleetTable = tableFromRows(rows, [
      { name: "workload", kind: "string" }, { name: "topology", kind: "string" }, { name: "gpu", kind: "string" },
      { name: "b_short", unit: "tokens", kind: "int" }, { name: "gamma", unit: "ratio", kind: "float" },
      { name: "total_gpus", unit: "GPUs", kind: "int" }, { name: "fleet_power_kw", unit: "kW", kind: "float" },
      { name: "fleet_tok_per_w", unit: "output tokens/J", kind: "float" },
      { name: "fleet_cost_per_mil", unit: "$ per 1M output tokens", kind: "float" },
      { name: "worst_p99_ttft_ms", unit: "ms", kind: "float" }, { name: "vs_h100_homo", unit: "ratio", kind: "float" },
    ]);
    const poolTable = tableFromRows(pools, [
      { name: "workload", kind: "string" }, { name: "topology", kind: "string" }, { name: "gpu", kind: "string" },
      { name: "pool", kind: "string" }, { name: "lam", unit: "req/s", kind: "float" }, { name: "max_ctx", unit: "tokens", kind: "int" },
      { name: "n_slots", unit: "sequences", kind: "int" }, { name: "mu_gpu", unit: "req/s per instance", kind: "float" },
      { name: "cv2", unit: "ratio", kind: "float" }, { name: "mean_prefill_s", unit: "s", kind: "float" },
      { name: "mean_l_out", unit: "tokens", kind: "int" }, { name: "n_gpus", unit: "GPUs", kind: "int" },
      { name: "rho", unit: "ratio", kind: "float" }, { name: "n_active", unit: "sequences", kind: "float" },
      { name: "power_w", unit: "W per GPU", kind: "float" }, { name: "p99_ttft_ms", unit: "ms", kind: "float" },
      { name: "cost_per_mil", unit: "$ per 1M output tokens", kind: "float" },
      { name: "g_slo", unit: "GPUs", kind: "int" },
      // without a cap there is no cap count and no search start
      ...(capped ? [{ name: "g_cap", unit: "GPUs", kind: "int" }, { name: "g_start", unit: "GPUs", kind: "int" }] as const : []),
      { name: "binding", kind: "string" },
    ]);
    return { files: [{ name: "table3", table: fleetTable }, { name: "table3_pools", table: poolTable }], text: layout(rows, opts) };
  },
};
