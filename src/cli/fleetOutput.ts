// What `wattsweep fleet` prints besides the pool table: the discrete-event check beside the
// analytical P99, and the whole result as JSON (--json).
import { badInput } from "../errors.ts";
import { poolSloGpus, type DesCheck, type FleetResult } from "../fleet/index.ts";
import { formatTable } from "../io/format.ts";
import { sig } from "../io/numbers.ts";

/** `--max-utilisation`: a number in (0, 1], or "none" for 1 (no cap: size on the P99 target alone). */
export function parseMaxUtilisation(text: string | number): number {
  const v = text === "none" ? 1 : typeof text === "number" ? text : text.trim() === "" ? NaN : Number(text);
  if (!(v > 0 && v <= 1)) badInput("--max-utilisation", "max_utilisation", text, "must be in (0, 1], or none (size on the P99 target alone)");
  return v;
}

export interface DesRun {
  requests: number;
  seed: number;
  checks: Array<DesCheck | null>;
}

/** The simulated P99 TTFT of every pool beside the analytical one (Kimura's P99 wait plus the mean prefill). */
export function desReport(r: FleetResult, des: DesRun, sloMs: number): string {
  const rows = r.pools.map((p, i) => {
    const d = des.checks[i];
    const sim = d === null ? ["no traffic", "", ""] : d.unstable ? [`unstable (rho ${sig(d.rho, 4)})`, "", "no"]
      : [sig(d.p99TtftMs), `${sig(d.ci95Ms[0])}–${sig(d.ci95Ms[1])}`, d.sloMet ? "yes" : "no"];
    return [p.label, String(p.gpus), sig(p.rho, 4), sig(p.p99TtftMs), ...sim];
  });
  const warmUp = Math.ceil(des.requests / 10);
  return `\ndiscrete-event check: ${des.requests} requests per pool after ${warmUp} discarded, seed ${des.seed}; ` +
    `FCFS over all slots (docs/queueing.md)\n\n` +
    formatTable([["pool", "GPUs", "rho", "Kimura P99 TTFT ms", "simulated P99 TTFT ms", "95% CI", `within ${sloMs} ms`], ...rows]) + "\n";
}

function desJson(d: DesCheck | null) {
  if (d === null || d.unstable) return d === null ? null : { unstable: true, rho: d.rho };
  return { p99_ttft_ms: d.p99TtftMs, ci95: d.ci95Ms, slo_met: d.sloMet, wait_fraction: d.waitFraction, mean_wait_ms: d.meanWaitMs };
}

export interface FleetJsonContext {
  workload: string;
  topology: string;
  lam: number;
  sloMs: number;
  maxUtilisation: number;
  moments: string;
}

/** The fleet as JSON: fleet totals, and per pool its sizing, which rule set its count and the simulation's verdict. */
export function fleetJson(r: FleetResult, ctx: FleetJsonContext, des: DesRun | null): string {
  const sloS = ctx.sloMs / 1000;
  const doc = {
    workload: ctx.workload, topology: ctx.topology, lam: ctx.lam, slo_ms: ctx.sloMs, max_utilisation: ctx.maxUtilisation,
    moments: ctx.moments, total_gpus: r.totalGpus, power_kw: r.powerKw, tok_per_w: r.tokPerW, cost_per_mil: r.costPerMil,
    worst_p99_ttft_ms: r.worstP99TtftMs,
    ...(des === null ? {} : { des: { requests: des.requests, warm_up: Math.ceil(des.requests / 10), seed: des.seed } }),
    pools: r.pools.map((p, i) => ({
      label: p.label, profile: p.profile, lam: p.lam, max_ctx: p.maxCtx, n_slots: p.nSlots, mu_gpu: p.muGpu, cv2: p.cv2,
      mean_prefill_ms: p.meanPrefillS * 1000, mean_out: p.meanOut, n_gpus: p.gpus, g_slo: poolSloGpus(p, sloS), g_cap: p.gCap,
      g_start: p.gStart, binding: p.binding, rho: p.rho, n_active: p.nActive, power_w: p.powerW, p99_ttft_ms: p.p99TtftMs,
      cost_per_mil: p.costPerMil, ...(des === null ? {} : { des: desJson(des.checks[i]) }),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
