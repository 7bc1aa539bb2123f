import type { CommandModule } from "yargs";
import { GPUS, MODELS, namedProfiles, POWER_QUALITY, isMoE, paramCount, activeParamCount } from "../model/index.ts";
import { formatTable } from "../io/format.ts";
import type { WithIo } from "./io.ts";

function listRows(what: string): string[][] {
  if (what === "gpus") {
    return [["key", "name", "mem_bw_TB/s", "mem_GiB", "fp16_TFLOPS", "fp8_TFLOPS", "tdp_W", "$/GPU-h"],
      ...Object.values(GPUS).map((g) => [g.key, g.name, String(g.memBw / 1e12), String(g.memCapacity / 2 ** 30),
        String(g.fp16Flops / 1e12), String(g.fp8Flops / 1e12), String(g.tdp), g.costPerHour.toFixed(2)])];
  }
  if (what === "models") {
    return [["key", "layers", "heads", "kv_heads", "hidden", "vocab", "experts", "topk", "params_B", "active_B"],
      ...Object.values(MODELS).map((m) => [m.key, String(m.layers), String(m.heads), String(m.kvHeads), String(m.hidden),
        String(m.vocab), isMoE(m) ? String(m.experts) : "-", isMoE(m) ? String(m.topk) : "-",
        (paramCount(m) / 1e9).toFixed(1), (activeParamCount(m) / 1e9).toFixed(1)])];
  }
  return [["key", "name", "W_s", "H_s", "Lcal", "chunk", "kv_blocks", "max_slots", "$/h", "P_idle", "P_nom", "k", "x0", "quality"],
    ...Object.entries(namedProfiles()).map(([key, p]) => {
      const pw = p.power.kind === "logistic" ? p.power : undefined;
      return [key, p.name, String(p.W), String(p.H), String(p.Lcal), String(p.chunk), String(p.kvBlocks), String(p.maxSlots),
        p.costPerHour.toFixed(2), String(pw?.pIdle ?? "-"), String(pw?.pNom ?? "-"), String(pw?.k ?? "-"),
        pw ? pw.x0.toFixed(4) : "-", POWER_QUALITY[key] ?? (key === "b200-projected" ? "FAIR (±20 %)" : "anchored")];
    })];
}

export const listCommand: CommandModule<object, { what: string } & WithIo> = {
  command: "list <what>",
  describe: "print a catalog: gpus, models or profiles",
  builder: (y) => y.positional("what", { choices: ["gpus", "models", "profiles"] as const, demandOption: true }) as never,
  handler: ({ what, io }) => {
    io.stdout.write(formatTable(listRows(what)) + "\n");
  },
};
