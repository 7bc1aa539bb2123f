import type { CommandModule } from "yargs";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { badInput, InputError } from "../errors.ts";
import { tableFromRows, writeTableFiles } from "../io/index.ts";
import {
  computedProfile, DTYPES, profileToJson, writeProfileFile, gpuByName, modelByName, modelFromHfConfig, resolveProfile, singleGpuPoint,
  type ComputedProfile, type ModelSpec, type Profile,
} from "../model/index.ts";
import { formatTable } from "../io/format.ts";
import { integerFlag } from "./integerFlag.ts";
import type { WithIo } from "./io.ts";
import { parseContexts } from "./parse.ts";

interface ProfileArgs extends WithIo {
  profile?: string; gpu: string; model: string; tp: number; dtype: string; meanCtx: number; ctx: string; out?: string; json: boolean;
}

/** A catalog model name, or a path to a Hugging Face config.json. */
function loadModel(spec: string): ModelSpec {
  if (!spec.endsWith(".json")) return modelByName(spec);
  let text: string;
  try {
    text = readFileSync(spec, "utf8");
  } catch (err) {
    throw new InputError(`${spec}: cannot read model config (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  let cfg: unknown;
  try {
    cfg = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${spec}: not valid JSON (${(err as Error).message})`);
  }
  return modelFromHfConfig(cfg, spec);
}

function buildProfile(args: ProfileArgs): Profile {
  if (args.profile !== undefined) return resolveProfile(args.profile);
  const dtype = DTYPES[args.dtype.toLowerCase()];
  if (dtype === undefined) badInput("--dtype", "dtype", args.dtype, `must be one of ${Object.keys(DTYPES).join(", ")}`);
  if (!Number.isInteger(args.tp) || args.tp <= 0) badInput("--tp", "tp", args.tp, "must be a positive integer");
  if (!Number.isInteger(args.meanCtx) || args.meanCtx <= 0) badInput("--mean-ctx", "meanCtx", args.meanCtx, "must be a positive integer");
  const p = computedProfile(gpuByName(args.gpu), loadModel(args.model), { tp: args.tp, dtype, meanCtx: args.meanCtx });
  // No memory left for the KV cache once the weights are loaded: nothing can be served. (The
  // paper's Table 2 keeps two such rows, n_max 1; only the user's own choice is refused here.)
  if (p.kvBlocks <= 0) {
    const gib = (bytes: number) => (bytes / 2 ** 30).toFixed(1);
    badInput("--tp", "tp", args.tp, `${p.model.name} weights take ${gib(p.bytesPerGpu)} GiB per GPU at this TP and dtype; `
      + `the ${p.gpu.name} has ${gib(p.gpu.memCapacity)} GiB, leaving nothing for the KV cache (raise --tp or use a smaller --dtype)`);
  }
  return p;
}

function describeProfile(p: Profile): string {
  const c = p as Partial<ComputedProfile>;
  const facts = [`profile ${p.name}: W ${(p.W * 1000).toFixed(4)} ms, H ${(p.H * 1e6).toFixed(4)} us at Lcal ${p.Lcal}, ` +
    `kvBlocks ${p.kvBlocks} x ${p.blk} tokens, chunk ${p.chunk}, $/h ${p.costPerHour.toFixed(2)}`];
  if (c.paramCount !== undefined) {
    facts.push(`params ${(c.paramCount / 1e9).toFixed(3)} B (active ${(c.activeParamCount! / 1e9).toFixed(3)} B), ` +
      `KV ${c.kvBytesPerToken} bytes/token, weights ${(c.bytesPerGpu! / 2 ** 30).toFixed(2)} GiB per GPU`);
  }
  return facts.join("\n");
}

export const profileCommand: CommandModule<object, ProfileArgs> = {
  command: "profile",
  describe: "build a profile (catalog, or first-principles from a GPU and a model or HF config.json) and evaluate it per context",
  builder: (y) =>
    y
      .option("profile", { type: "string", describe: "a named profile (see `list profiles`) or a profile JSON file, instead of --gpu/--model" })
      .option("gpu", { type: "string", default: "h100", describe: "GPU key (see `list gpus`)" })
      .option("model", { type: "string", default: "llama-3.1-70b", describe: "model key or path to a Hugging Face config.json" })
      .option("tp", { type: "string", default: "8", coerce: integerFlag("--tp", 1, 1024), describe: "tensor-parallel degree" })
      .option("dtype", { type: "string", default: "fp16", describe: `weights and KV dtype: ${Object.keys(DTYPES).join(", ")}` })
      .option("mean-ctx", { type: "string", default: "4096", coerce: integerFlag("--mean-ctx", 1, 2 ** 24), describe: "representative KV length (becomes Lcal)" })
      .option("ctx", { type: "string", default: "2K,4K,8K,16K,32K,64K,128K", describe: "context windows to evaluate" })
      .option("out", { type: "string", describe: "FILE.json: save the profile as JSON (every --profile accepts it); "
        + "otherwise a folder for profile_points.csv / .arrow / .parquet" })
      .option("json", { type: "boolean", default: false, describe: "one JSON object { profile, points, files } on stdout; other text on stderr" }) as never,
  handler: async (args) => {
    const contexts = parseContexts("--ctx", args.ctx);
    const p = buildProfile(args);
    const rows = contexts.map((ctx) => {
      const r = singleGpuPoint(p, ctx);
      return { ctx, n_max: r.nMax, iter_s: r.iter, tok_s: r.tokS, power_w: r.power, tok_per_w: r.tokPerW };
    });
    // with --json, stdout carries the one object and the human text goes to stderr
    const human = args.json ? args.io.stderr : args.io.stdout;
    human.write(describeProfile(p) + "\n\n" + formatTable([["ctx", "n_max", "iter ms", "tok/s", "power W", "tok/W"],
      ...rows.map((r) => [String(r.ctx), String(r.n_max), (r.iter_s * 1000).toFixed(3), r.tok_s.toFixed(1), r.power_w.toFixed(1), r.tok_per_w.toFixed(4)])]) + "\n");
    const files = args.out === undefined ? [] : await writeProfileOutputs(args.out, p, rows);
    for (const f of files) human.write(`wrote ${f}\n`);
    if (args.json) args.io.stdout.write(JSON.stringify({ profile: JSON.parse(profileToJson(p)), points: rows, files }, null, 2) + "\n");
  },
};

/** `--out FILE.json`: the profile itself; `--out DIR`: the points as tables. Returns the paths written. */
async function writeProfileOutputs(out: string, p: Profile, rows: ReadonlyArray<Record<string, number>>): Promise<string[]> {
  if (out.endsWith(".json")) {
    writeProfileFile(out, p);
    return [out];
  }
  const table = tableFromRows(rows, [
    { name: "ctx", unit: "tokens", kind: "int" }, { name: "n_max", unit: "sequences", kind: "int" },
    { name: "iter_s", unit: "s", kind: "float" }, { name: "tok_s", unit: "tokens/s per instance", kind: "float" },
    { name: "power_w", unit: "W per GPU", kind: "float" }, { name: "tok_per_w", unit: "tokens/J", kind: "float" },
  ]);
  return writeTableFiles(out, "profile_points", table, { profile: p.name });
}
