import type { CommandModule } from "yargs";
import { mergeShards } from "../output/merge.ts";

export const mergeCommand: CommandModule<object, { dirs: string[]; out: string }> = {
  command: "merge <dirs..>",
  describe: "combine the folders of `run --shard K/N` into one results folder (same bytes as a single run)",
  builder: (y) => y
    .positional("dirs", { type: "string", array: true, demandOption: true, describe: "shard result folders" })
    .option("out", { type: "string", demandOption: true, describe: "merged results folder" }) as never,
  handler: async ({ dirs, out }) => {
    const m = await mergeShards(dirs, out);
    process.stderr.write(`${m.name}: merged ${dirs.length} shards (${m.counts.rows} samples) → ${out}\n`);
  },
};
