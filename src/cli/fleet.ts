import type { CommandModule } from "yargs";
import { badInput } from "../errors.ts";
import {
  checkDesRequests, DES_DEFAULT_REQUESTS, loadWorkload, PAPER_FLEET, planFleet, poolSloGpus, requireSlo, sizePlan, verifyFleet,
  type FleetResult, type PoolRoute, type Topology,
} from "../fleet/index.ts";
import { gpuProfile, resolveProfile, type Profile } from "../model/index.ts";
import { formatTable } from "../io/format.ts";
import { sig } from "../io/numbers.ts";
import { PAPER_SAMPLER_SEED } from "../paper/index.ts";
import { parseContexts, samplerSeed } from "./parse.ts";
import { desReport, fleetJson, parseMaxUtilisation, type DesRun } from "./fleetOutput.ts";
import { integerFlag } from "./integerFlag.ts";
import type { WithIo } from "./io.ts";

interface FleetArgs extends WithIo {
  cdf: string; lam: number; sloMs: number; gpu?: string; profile?: string; topology: "homo" | "pool" | "fleetopt" | "pools";
  bShort: number; gamma: number; longCtx: number; pools?: string; sampler: "exact" | "reference"; seed?: number;
  maxUtilisation: string | number; verify?: "des"; requests: number; json: boolean;
}

const DEFAULT_GPU = "h100";

/** --gpu is a GPU key and --profile a profile name or file, as in `wattsweep profile`; one of them at most. */
function fleetProfile(args: Pick<FleetArgs, "gpu" | "profile">): Profile {
  if (args.gpu !== undefined && args.profile !== undefined) badInput("--profile", "profile", args.profile, "give --gpu or --profile, not both");
  if (args.profile !== undefined) return resolveProfile(args.profile);
  return gpuProfile(args.gpu ?? DEFAULT_GPU);
}

/** `--pools "4096@b200,64K@h100"`: each item UPTO[/WINDOW][@GPU]; the window defaults to UPTO. */
function parsePools(spec: string | undefined, defaultGpu: string): { routes: PoolRoute[]; profiles: Profile[] } {
  if (spec === undefined) badInput("--pools", "pools", spec, "required with --topology pools (e.g. 4096@b200,64K@h100)");
  const gpus: string[] = [];
  const routes = spec.split(",").map((item, i): PoolRoute => {
    const m = /^\s*([^/@\s]+)(?:\/([^/@\s]+))?(?:@(\S+))?\s*$/.exec(item);
    if (!m) badInput("--pools", `pools[${i}]`, item, "expected UPTO[/WINDOW][@GPU], e.g. 8192/4096@h100");
    const [upTo] = parseContexts("--pools", m[1]);
    const [maxCtx] = m[2] === undefined ? [upTo] : parseContexts("--pools", m[2]);
    const gpu = m[3] ?? defaultGpu;
    if (!gpus.includes(gpu)) gpus.push(gpu);
    return { label: `pool${i}`, upTo, maxCtx, gpu: gpus.indexOf(gpu) };
  });
  return { routes, profiles: gpus.map(resolveProfile) };
}

function report(r: FleetResult, sloS: number): string {
  const pools = formatTable([
    ["pool", "profile", "req/s", "window", "slots", "mu/GPU", "cv2", "prefill ms", "mean out", "GPUs", "g_slo", "g_cap", "start",
      "set by", "rho", "n_active", "W/GPU", "P99 TTFT ms", "$/1M out"],
    ...r.pools.map((p) => [p.label, p.profile, sig(p.lam), String(p.maxCtx), String(p.nSlots), sig(p.muGpu), sig(p.cv2),
      sig(p.meanPrefillS * 1000), String(p.meanOut), String(p.gpus), String(poolSloGpus(p, sloS)), String(p.gCap ?? "-"),
      String(p.gStart ?? "-"), p.binding, sig(p.rho, 4), sig(p.nActive, 4), sig(p.powerW), sig(p.p99TtftMs), sig(p.costPerMil, 4)]),
  ]);
  const totals = `fleet: ${r.totalGpus} GPUs, ${sig(r.powerKw)} kW, ${sig(r.tokPerW)} output tok/W, ` +
    `$${sig(r.costPerMil, 4)} per 1M output tokens, worst P99 TTFT ${sig(r.worstP99TtftMs)} ms`;
  return `${pools}\n\n${totals}\n`;
}

/** The paper sizes on the P99 wait alone; say so when the prefill then pushes the P99 TTFT past the SLO. */
function prefillNote(r: FleetResult, sloMs: number): string {
  return r.worstP99TtftMs > sloMs
    ? `note: pools are sized so that the P99 wait meets the SLO (as the paper does); with the mean prefill added, ` +
      `the worst P99 TTFT is ${sig(r.worstP99TtftMs)} ms\n`
    : "";
}

export const fleetCommand: CommandModule<object, FleetArgs> = {
  command: "fleet",
  describe: "size a fleet for a workload CDF: M/G/c pools per routing topology, fleet kW and tokens per watt",
  builder: (y) =>
    y
      .option("cdf", { type: "string", demandOption: true, describe: "CDF JSON file, or azure | lmsys | lmsys_multiturn | agent_heavy" })
      .option("lam", { type: "number", default: 1000, describe: "arrival rate, requests/s" })
      .option("slo-ms", { type: "number", default: 500, describe: "P99 TTFT SLO, ms" })
      .option("gpu", { type: "string", describe: "GPU key (see `list gpus`): the paper's profile for it (h100, a10g, b200 = v1, b200-v2) or the paper's model on it; default h100" })
      .option("profile", { type: "string", describe: "a named profile (see `list profiles`) or a profile JSON file, instead of --gpu" })
      .option("topology", { choices: ["homo", "pool", "fleetopt", "pools"] as const, default: "fleetopt" as const })
      .option("b-short", { type: "number", default: 4096, describe: "short-pool window (pool, fleetopt)" })
      .option("gamma", { type: "number", default: 2, describe: "FleetOpt compression: the short pool takes lengths up to gamma*B_short" })
      .option("long-ctx", { type: "number", default: PAPER_FLEET.longCtx, describe: "long-pool window" })
      .option("pools", { type: "string", describe: "--topology pools: UPTO[/WINDOW][@GPU],... (e.g. 4096@b200,64K@h100)" })
      .option("sampler", { choices: ["exact", "reference"] as const, default: "exact" as const, describe: "service-time moments" })
      .option("seed", { type: "string", coerce: integerFlag("--seed", 0), describe: `seed of the reference sampler and of --verify des (default ${PAPER_SAMPLER_SEED}, the paper's)` })
      .option("max-utilisation", { type: "string", default: "0.85", describe: "utilisation cap in (0, 1]; none (= 1): size on the P99 target alone" })
      .option("verify", { choices: ["des"] as const, describe: "check every sized pool by discrete-event simulation" })
      .option("requests", { type: "string", default: String(DES_DEFAULT_REQUESTS), coerce: integerFlag("--requests", 1), describe: "--verify des: measured requests per pool" })
      .option("json", { type: "boolean", default: false, describe: "print the result as JSON" }) as never,
  handler: (args) => {
    args.io.stdout.write(fleetOutput(args));
  },
};

/** Everything `wattsweep fleet` prints for its arguments (exported for in-process tests). */
export function fleetOutput(args: Omit<FleetArgs, "io">): string {
  if (!(args.lam > 0)) badInput("--lam", "lam", args.lam, "arrival rate must be positive (req/s)");
  if (!(args.sloMs > 0)) badInput("--slo-ms", "slo", args.sloMs, "the P99 TTFT SLO must be positive (ms)");
  // the seed drives the reference sampler and the simulation; with neither it would be ignored
  const seed = samplerSeed(args.verify === "des" ? "reference" : args.sampler, args.seed);
  const profile = fleetProfile(args);
  const workload = loadWorkload(args.cdf);
  let topology: Topology;
  let profiles: Profile[];
  if (args.topology === "pools") {
    const { routes, profiles: list } = parsePools(args.pools, args.profile ?? args.gpu ?? DEFAULT_GPU);
    topology = { kind: "pools", pools: routes };
    profiles = list;
  } else {
    topology = args.topology === "homo" ? { kind: "homo" }
      : args.topology === "pool" ? { kind: "pool", bShort: args.bShort } : { kind: "fleetopt", bShort: args.bShort, gamma: args.gamma };
    profiles = [profile];
  }
  const maxUtilisation = parseMaxUtilisation(args.maxUtilisation);
  if (args.verify === "des") checkDesRequests(args.requests, "--requests", "requests");
  const sloS = args.sloMs / 1000;
  const plan = planFleet(topology, workload, { lam: args.lam, longCtx: args.longCtx });
  const result = requireSlo(sizePlan(plan, profiles, sloS, { sampler: args.sampler, seed }, maxUtilisation), sloS);
  const des: DesRun | null = args.verify === "des"
    ? { requests: args.requests, seed, checks: verifyFleet(plan, profiles, result, sloS, args.requests, seed) } : null;
  const moments = args.sampler === "exact" ? "exact" : `reference sampler seed ${seed}`;
  if (args.json) {
    const ctx = { workload: workload.name, topology: args.topology, lam: args.lam, sloMs: args.sloMs, maxUtilisation, moments };
    return fleetJson(result, ctx, des);
  }
  const cap = maxUtilisation < 1 ? `utilisation cap ${maxUtilisation}` : "no utilisation cap (sized on the P99 target alone)";
  return `${workload.name}, ${args.topology}, ${args.lam} req/s, P99 TTFT SLO ${args.sloMs} ms, ${cap}, moments: ${moments}\n\n` +
    report(result, sloS) + prefillNote(result, args.sloMs) + (des === null ? "" : desReport(result, des, args.sloMs));
}
