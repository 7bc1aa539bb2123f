import type { CommandModule } from "yargs";
import { GPUS, MODELS, namedProfiles, POWER_QUALITY, isMoE, paramCount, activeParamCount } from "../model/index.ts";
import { formatTable } from "../io/format.ts";
import type { WithIo } from "./io.ts";

type Cell = string | number | null;
/** One catalog column: its JSON key, its table header, and its value per entry. */
type ListColumn<T> = readonly [key: string, header: string, value: (entry: T) => Cell];

interface Listing { header: string[]; keys: string[]; rows: Cell[][] }

function listing<T>(entries: readonly T[], columns: ReadonlyArray<ListColumn<T>>): Listing {
  return { keys: columns.map((c) => c[0]), header: columns.map((c) => c[1]), rows: entries.map((e) => columns.map((c) => c[2](e))) };
}

function catalog(what: string): Listing {
  if (what === "gpus") {
    return listing(Object.values(GPUS), [
      ["key", "key", (g) => g.key], ["name", "name", (g) => g.name], ["mem_bw_tb_s", "mem_bw_TB/s", (g) => g.memBw / 1e12],
      ["mem_gib", "mem_GiB", (g) => g.memCapacity / 2 ** 30], ["fp16_tflops", "fp16_TFLOPS", (g) => g.fp16Flops / 1e12],
      ["fp8_tflops", "fp8_TFLOPS", (g) => g.fp8Flops / 1e12], ["tdp_w", "tdp_W", (g) => g.tdp], ["usd_per_gpu_h", "$/GPU-h", (g) => g.costPerHour],
    ]);
  }
  if (what === "models") {
    return listing(Object.values(MODELS), [
      ["key", "key", (m) => m.key], ["layers", "layers", (m) => m.layers], ["heads", "heads", (m) => m.heads],
      ["kv_heads", "kv_heads", (m) => m.kvHeads], ["hidden", "hidden", (m) => m.hidden], ["vocab", "vocab", (m) => m.vocab],
      ["experts", "experts", (m) => (isMoE(m) ? m.experts : null)], ["topk", "topk", (m) => (isMoE(m) ? m.topk : null)],
      ["params_b", "params_B", (m) => paramCount(m) / 1e9], ["active_b", "active_B", (m) => activeParamCount(m) / 1e9],
    ]);
  }
  const logistic = (p: ReturnType<typeof namedProfiles>[string]) => (p.power.kind === "logistic" ? p.power : undefined);
  return listing(Object.entries(namedProfiles()), [
    ["key", "key", ([k]) => k], ["name", "name", ([, p]) => p.name], ["W_s", "W_s", ([, p]) => p.W], ["H_s", "H_s", ([, p]) => p.H],
    ["Lcal", "Lcal", ([, p]) => p.Lcal], ["chunk", "chunk", ([, p]) => p.chunk], ["kv_blocks", "kv_blocks", ([, p]) => p.kvBlocks],
    ["max_slots", "max_slots", ([, p]) => p.maxSlots], ["usd_per_h", "$/h", ([, p]) => p.costPerHour],
    ["p_idle_w", "P_idle", ([, p]) => logistic(p)?.pIdle ?? null], ["p_nom_w", "P_nom", ([, p]) => logistic(p)?.pNom ?? null],
    ["k", "k", ([, p]) => logistic(p)?.k ?? null], ["x0", "x0", ([, p]) => logistic(p)?.x0 ?? null],
    ["quality", "quality", ([k]) => POWER_QUALITY[k] ?? (k === "b200-projected" ? "FAIR (±20 %)" : "anchored")],
  ]);
}

/** How the table prints a cell (the JSON keeps full precision and null for "not applicable"). */
function cellText(header: string, v: Cell): string {
  if (v === null) return "-";
  if (typeof v === "string") return v;
  if (header === "$/GPU-h" || header === "$/h") return v.toFixed(2);
  if (header === "x0") return v.toFixed(4);
  if (header === "params_B" || header === "active_B") return v.toFixed(1);
  return String(v);
}

export const listCommand: CommandModule<object, { what: string; json: boolean } & WithIo> = {
  command: "list <what>",
  describe: "print a catalog: gpus, models or profiles",
  builder: (y) => y
    .positional("what", { choices: ["gpus", "models", "profiles"] as const, demandOption: true })
    .option("json", { type: "boolean", default: false, describe: "one JSON object { what, items: [{ key, ... }] } on stdout" }) as never,
  handler: ({ what, json, io }) => {
    const c = catalog(what);
    if (json) {
      const items = c.rows.map((row) => Object.fromEntries(row.map((v, i) => [c.keys[i], v])));
      io.stdout.write(JSON.stringify({ what, items }, null, 2) + "\n");
      return;
    }
    io.stdout.write(formatTable([c.header, ...c.rows.map((row) => row.map((v, i) => cellText(c.header[i], v)))]) + "\n");
  },
};
