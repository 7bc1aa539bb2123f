import type { CommandModule } from "yargs";
import { mergeShards } from "../output/merge.ts";
import type { WithIo } from "./io.ts";

export const mergeCommand: CommandModule<object, { dirs: string[]; out: string } & WithIo> = {
  command: "merge <dirs..>",
  describe: "combine the folders of `run --shard K/N` into one results folder (same bytes as a single run)",
  builder: (y) => y
    .positional("dirs", { type: "string", array: true, demandOption: true, describe: "shard result folders" })
    .option("out", { type: "string", demandOption: true, describe: "merged results folder" }) as never,
  handler: async ({ dirs, out, io }) => {
    const m = await mergeShards(dirs, out);
    io.stderr.write(`${m.name}: merged ${dirs.length} shards (${m.counts.rows} samples) → ${out}\n`);
  },
};
