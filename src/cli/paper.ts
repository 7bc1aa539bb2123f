import type { CommandModule } from "yargs";
import { join } from "node:path";
import { badInput } from "../errors.ts";
import { writeTableFiles } from "../io/index.ts";
import { PAPER_SAMPLER_SEED, PAPER_TABLES, type PaperOptions } from "../paper/index.ts";
import { samplerSeed } from "./parse.ts";
import { runStudies } from "../paper/studies/index.ts";

interface PaperArgs { tables?: string; revision: "v1" | "v2"; out: string; sampler: "exact" | "reference"; seed?: number }

/** Parses "--tables 1,2,4" against the tables this build has. */
export function selectTables(spec: string | undefined) {
  if (spec === undefined) return PAPER_TABLES;
  const valid = PAPER_TABLES.map((t) => t.id);
  return spec.split(",").map((s) => {
    const id = Number(s.trim());
    const table = PAPER_TABLES.find((t) => t.id === id);
    if (!table) badInput("--tables", "table", s.trim(), `valid tables: ${valid.join(", ")}`);
    return table;
  });
}

export const paperCommand: CommandModule<object, PaperArgs> = {
  command: "paper",
  describe: "regenerate the paper's tables (printed beside the published values, CSV + Arrow) and, unless --tables " +
    "restricts it, the referee's studies, figures and REPORT.md",
  builder: (y) =>
    y
      .option("tables", { type: "string", describe: "comma-separated table numbers (default: all, then the studies)" })
      .option("revision", { choices: ["v1", "v2"] as const, default: "v1" as const, describe: "paper revision: v1 projected B200 power, v2 power anchored at batch 1" })
      .option("out", { type: "string", default: join("results", "paper"), describe: "output folder" })
      .option("sampler", { choices: ["exact", "reference"] as const, default: "exact" as const, describe: "Table 3 service-time moments" })
      .option("seed", { type: "number", describe: `seed of the reference sampler (--sampler reference; default ${PAPER_SAMPLER_SEED}, the paper's)` }) as never,
  handler: async (args) => {
    const seed = samplerSeed(args.sampler, args.seed);
    const tables = selectTables(args.tables);
    const opts: PaperOptions = { revision: args.revision, sampler: args.sampler, seed };
    // Build every table before writing any file, so bad input never leaves a partial set.
    const outputs = tables.map((t) => ({ t, out: t.build(opts) }));
    for (const { t, out } of outputs) {
      process.stdout.write(`\n${t.title} [${args.revision}; cells: computed (published)]\n${out.text}\n`);
      for (const f of out.files) {
        await writeTableFiles(args.out, f.name, f.table, { paper_revision: args.revision, table: String(t.id) });
      }
    }
    process.stdout.write(`\nwrote ${outputs.flatMap(({ out }) => out.files.map((f) => f.name)).join(", ")} (.csv, .arrow) to ${args.out}\n`);
    if (args.tables !== undefined) return;
    const studies = await runStudies({ out: args.out });
    const times = Object.entries(studies.seconds).map(([name, s]) => `${name} ${s.toFixed(1)} s`).join(", ");
    process.stdout.write(`studies (${times}): wrote REPORT.md and ${studies.files.length - 1} more files to ${args.out}\n`);
  },
};
