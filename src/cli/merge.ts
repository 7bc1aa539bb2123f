import type { CommandModule } from "yargs";
import { mergeShards } from "../output/merge.ts";
import type { WithIo } from "./io.ts";
import { stoppable } from "./signals.ts";

export const mergeCommand: CommandModule<object, { dirs: string[]; out: string; force: boolean } & WithIo> = {
  command: "merge <dirs..>",
  describe: "combine the folders of `run --shard K/N` into one results folder (same bytes as a single run)",
  builder: (y) => y
    .positional("dirs", { type: "string", array: true, demandOption: true, describe: "shard result folders" })
    .option("out", { type: "string", demandOption: true, describe: "merged results folder" })
    .option("force", { type: "boolean", default: false, describe: "replace an --out folder that holds something else" }) as never,
  handler: async ({ dirs, out, force, io }) => {
    const m = await stoppable((signal) => mergeShards(dirs, out, force, signal));
    io.stderr.write(`${m.name}: merged ${dirs.length} shards (${m.counts.rows} samples) → ${out}\n`);
  },
};
