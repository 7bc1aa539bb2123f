import type { CommandModule } from "yargs";
import {
  fitPowerCurve, fitThroughput, kvBlocksInterval, optional, powerPointsOf, ROLES, ALL_ROLES, sweepPointsOf,
  type KvBlocksInterval, type PowerFit, type ThroughputFit,
} from "../calibrate/index.ts";
import { InputError } from "../errors.ts";
import { parseColumnMapping, readMeasuredCsv } from "../io/csvRead.ts";
import { logisticPower, resolveProfile, writeProfileFile, type Profile } from "../model/index.ts";
import { ITERATION_MODELS, type IterationModel } from "../calibrate/sweepFit.ts";
import { runSweepCalibration } from "./calibrateSweep.ts";
import { formatTable } from "../io/format.ts";
import { sig } from "../io/numbers.ts";
import type { OutStream, WithIo } from "./io.ts";

interface CalibrateArgs extends WithIo {
  power?: string;
  throughput?: string;
  columns?: string;
  "throughput-columns"?: string;
  noise: "relative" | "absolute";
  fix?: string;
  base?: string;
  name?: string;
  lcal?: number;
  blk?: number;
  "max-slots"?: number;
  "iteration-model": IterationModel;
  "p-idle"?: number;
  out?: string;
}

/** `--fix W=0.004` or `--fix H=0.00032`: a latency term measured elsewhere, in seconds. */
function parseFix(spec: string | undefined): { W?: number; H?: number } {
  if (spec === undefined) return {};
  const m = /^\s*([WH])\s*=\s*(.+)$/.exec(spec);
  const v = m ? Number(m[2]) : NaN;
  if (!m || !(v > 0) || !Number.isFinite(v)) throw new InputError(`--fix = ${JSON.stringify(spec)}: expected W=SECONDS or H=SECONDS with a positive number`);
  return { [m[1]]: v };
}

function positiveInt(flag: string, v: number | undefined): number | undefined {
  if (v !== undefined && !(Number.isInteger(v) && v > 0)) throw new InputError(`--${flag} = ${v}: must be a positive whole number`);
  return v;
}

function paramRows(params: ReadonlyArray<{ name: string; value: number; stderr: number; unit: string; fixed?: boolean }>): string[][] {
  return [["param", "value", "stderr", "unit"],
    ...params.map((p) => [p.name, sig(p.value), p.fixed ? "(fixed)" : sig(p.stderr, 3), p.unit])];
}

function printPower(out: OutStream, file: string, fit: PowerFit): void {
  const noise = fit.noise === "relative" ? "relative noise: weights 1/P²" : "absolute noise: equal weights";
  const scatter = fit.noise === "relative" ? `${(fit.sigma * 100).toFixed(2)} % of the reading` : `${sig(fit.sigma, 3)} W`;
  const outliers = fit.points.filter((p) => p.outlier).map((p) => `line ${p.line} (batch ${p.batch}, ${p.watts} W)`);
  const rows = [...fit.points].sort((a, b) => a.batch - b.batch || a.line - b.line).map((p) => [
    String(p.line), String(p.batch), sig(p.watts), sig(p.model), sig(p.residual, 3), p.z.toFixed(2), p.robustWeight.toFixed(3),
    p.outlier ? "outlier" : ""]);
  out.write(`power curve: ${file}, ${fit.points.length} points at ${fit.distinctBatches} batch sizes `
    + `(${noise}; Huber IRLS)\n${formatTable(paramRows(fit.params))}\n`
    + `residual scatter ${scatter}; outliers (|z| > 3.5): ${outliers.length ? outliers.join(", ") : "none"}\n\n`
    + `${formatTable([["line", "batch", "watts", "model_w", "residual_w", "z", "weight", "flag"], ...rows])}\n\n`);
}

function printThroughput(out: OutStream, file: string, fit: ThroughputFit, kv: KvBlocksInterval, blk: number, Lcal: number,
  power: PowerFit, sweepWatts: Float64Array | undefined, maxSlots: number | undefined): void {
  const lines = [`throughput: ${file}, ${fit.points.length} points (iter = n/tok_s fitted as W + H·n·(ctx//2)/Lcal, `
    + `Lcal ${Lcal}, weights 1/iter²)`];
  const c = fit.combination;
  if (c) {
    lines.push(`every point has the same load n·(ctx//2)/Lcal = ${sig(c.load)}, so the sweep fixes only `
      + `W + ${sig(c.load)}·H = ${sig(c.value)} ± ${sig(c.stderr, 3)} s`
      + (fit.H ? "" : "; W and H are not separately identifiable (give --fix W=SECONDS or --fix H=SECONDS, or add points below n_max)"));
  }
  const params = [fit.W, fit.H].filter((p) => p !== undefined);
  if (params.length) lines.push(formatTable(paramRows(params)));
  lines.push(`residual scatter ${(fit.sigma * 100).toFixed(2)} % of the throughput`, "");
  const head = ["line", "context", "n_max", "tok_s", "model_tok_s", "rel_resid"];
  if (sweepWatts) head.push("watts", "fitted_curve_w", "rel_resid_w");
  const rows = fit.points.map((p, i) => {
    const row = [String(p.line), String(p.ctx), String(p.nMax), sig(p.tokS), sig(p.modelTokS), pct(p.relResidual)];
    if (sweepWatts) {
      // The fitted slope k is > 0, so the slot count (used only when k = 0) does not enter.
      const m = logisticPower(power.power, p.nMax, maxSlots ?? 1);
      row.push(sig(sweepWatts[i]), sig(m), pct((sweepWatts[i] - m) / m));
    }
    return row;
  });
  lines.push(formatTable([head, ...rows]), "");
  const hi = Number.isFinite(kv.hi) ? `${kv.hi}] (upper bound from line ${kv.hiLine})` : "∞) (no point bounds it from above)";
  lines.push(`kvBlocks: every measured n_max holds for kvBlocks in [${kv.lo}, ${hi}; lower bound from line ${kv.loLine}; `
    + `blk ${blk}; ${maxSlots === undefined ? "maxSlots unknown, KV capacity assumed to bind" : `maxSlots ${maxSlots} at Lcal ${Lcal}`}. `
    + "The profile takes the lower end.", "");
  out.write(lines.join("\n") + "\n");
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}

/** The fitted profile: fitted fields over the base profile's, which supplies the rest. */
function buildProfile(args: CalibrateArgs, base: Profile | undefined, power: PowerFit, tput: ThroughputFit | undefined,
  kv: KvBlocksInterval | undefined, Lcal: number, blk: number): Profile {
  if (!base) {
    throw new InputError("--out needs --base NAME|FILE for what the measurements do not give (chunk, maxSlots, $/h"
      + `${tput ? "" : ", W, H, kvBlocks"})`);
  }
  if (tput && (!tput.W || !tput.H)) {
    throw new InputError(`${args.throughput}: W and H are not separately identifiable from this sweep `
      + "(see above); give --fix W=SECONDS or --fix H=SECONDS to write a profile");
  }
  return {
    ...base,
    name: args.name ?? `${base.name}-calibrated`,
    slotRule: "manual",
    Lcal, blk,
    W: tput?.W?.value ?? base.W,
    H: tput?.H?.value ?? base.H,
    kvBlocks: kv?.lo ?? base.kvBlocks,
    power: power.power,
  };
}

function provenance(args: CalibrateArgs, power: PowerFit, tput: ThroughputFit | undefined, kv: KvBlocksInterval | undefined) {
  const param = (p: { name: string; value: number; stderr: number; unit: string; fixed?: boolean }) =>
    ({ name: p.name, value: p.value, stderr: p.stderr, unit: p.unit, ...(p.fixed ? { fixed: true } : {}) });
  return {
    base: args.base ?? null,
    power: {
      file: args.power, points: power.points.length, noise: power.noise, method: "weighted LM, Huber IRLS",
      params: power.params.map(param), sigma: power.sigma,
      outlierLines: power.points.filter((p) => p.outlier).map((p) => p.line),
    },
    ...(tput && kv ? {
      throughput: {
        file: args.throughput, points: tput.points.length, params: [tput.W, tput.H].filter((p) => p !== undefined).map(param),
        sigma: tput.sigma, kvBlocksInterval: [kv.lo, Number.isFinite(kv.hi) ? kv.hi : null],
      },
    } : {}),
  };
}

export const calibrateCommand: CommandModule<object, CalibrateArgs> = {
  command: "calibrate",
  describe: "fit a profile's power curve (and W, H, kvBlocks) to measurements",
  builder: (y) => y
    .option("power", { type: "string", describe: "CSV of (batch, per-GPU watts) points (optional for a sweep at the server's concurrency: its power column is used)" })
    .option("throughput", { type: "string", alias: "measured", describe: "CSV context sweep: (context, n_max, decode tok/s[, watts]) or at the server's concurrency (context, concurrency, tok_s, power[, gpus])" })
    .option("iteration-model", { choices: ITERATION_MODELS, default: "roofline" as IterationModel, describe: "sweeps at concurrency: roofline (W + H·load) or per-sequence (+ C·n, docs/measurements.md)" })
    .option("p-idle", { type: "number", describe: "sweeps at concurrency: P_idle in W to pin when the sweep does not determine it (default: the base's)" })
    .option("columns", { type: "string", describe: `role=column,... for the CSVs; roles: ${ALL_ROLES.map((r) => r.role).join(", ")}` })
    .option("throughput-columns", { type: "string", describe: "role=column,... for the --throughput file (default: --columns)" })
    .option("noise", { choices: ["relative", "absolute"] as const, default: "relative" as const, describe: "power noise: % of reading or fixed watts" })
    .option("fix", { type: "string", describe: "W=SECONDS or H=SECONDS, when the sweep cannot separate them" })
    .option("base", { type: "string", describe: "profile (name or JSON) supplying the fields not fitted" })
    .option("name", { type: "string", describe: "name of the written profile" })
    .option("lcal", { type: "number", describe: "calibration context of H (default: base's, else 8192)" })
    .option("blk", { type: "number", describe: "KV block size in tokens (default: base's, else 16)" })
    .option("max-slots", { type: "number", describe: "slot cap at Lcal (default: base's, else unknown)" })
    .option("out", { type: "string", describe: "write the fitted profile JSON here" }) as never,
  handler: async (args) => {
    const base = args.base === undefined ? undefined : resolveProfile(args.base);
    const Lcal = positiveInt("lcal", args.lcal) ?? base?.Lcal ?? 8192;
    const blk = positiveInt("blk", args.blk) ?? base?.blk ?? 16;
    const maxSlots = positiveInt("max-slots", args["max-slots"]) ?? base?.maxSlots;
    const fix = parseFix(args.fix);
    if (args.fix !== undefined && args.throughput === undefined) throw new InputError("--fix applies to the --throughput fit; no --throughput file given");
    const mapping = parseColumnMapping(args.columns, ALL_ROLES);
    const sweepMap = args.throughput === undefined ? undefined
      : parseColumnMapping(args["throughput-columns"] ?? args.columns, ALL_ROLES, args["throughput-columns"] === undefined ? "--columns" : "--throughput-columns");
    if (sweepMap?.concurrency !== undefined) {
      if (args.fix !== undefined) throw new InputError("--fix applies to sweeps at n_max; a sweep at the server's concurrency fits W, H >= 0 itself");
      const power = args.power === undefined ? undefined
        : { file: args.power, fit: fitPowerCurve(powerPointsOf(await readMeasuredCsv(args.power, [ROLES.batch, ROLES.power], mapping)), args.noise, args.power) };
      if (power) printPower(args.io.stdout, args.power!, power.fit);
      await runSweepCalibration(args.io.stdout, {
        file: args.throughput!, mapping: sweepMap, base, baseName: args.base, Lcal, blk, maxSlots, model: args["iteration-model"],
        pIdle: args["p-idle"], power, name: args.name, out: args.out,
      });
      return;
    }
    if (args.power === undefined) {
      throw new InputError("--power FILE is required (or a --throughput sweep with concurrency= and power= columns, whose power column is used)");
    }
    const powerTable = await readMeasuredCsv(args.power, [ROLES.batch, ROLES.power], mapping);
    const power = fitPowerCurve(powerPointsOf(powerTable), args.noise, args.power);
    printPower(args.io.stdout, args.power, power);
    let tput: ThroughputFit | undefined;
    let kv: KvBlocksInterval | undefined;
    if (args.throughput !== undefined) {
      const t = await readMeasuredCsv(args.throughput, [ROLES.context, ROLES.nMax, ROLES.tokS, optional(ROLES.power)], sweepMap!);
      const points = sweepPointsOf(t);
      kv = kvBlocksInterval(points, blk, Lcal, maxSlots, args.throughput);
      tput = fitThroughput(points, Lcal, fix, args.throughput);
      printThroughput(args.io.stdout, args.throughput, tput, kv, blk, Lcal, power, t.values.power, maxSlots);
    }
    if (args.out !== undefined) {
      writeProfileFile(args.out, buildProfile(args, base, power, tput, kv, Lcal, blk), provenance(args, power, tput, kv));
      args.io.stdout.write(`wrote ${args.out}\n`);
    }
  },
};
