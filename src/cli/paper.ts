import type { CommandModule } from "yargs";
import { join } from "node:path";
import { badInput } from "../errors.ts";
import { writeTableFiles } from "../io/index.ts";
import { PAPER_TABLES, type PaperOptions } from "../paper/index.ts";
import { runStudies } from "../paper/studies/index.ts";
import type { WithIo } from "./io.ts";

interface PaperArgs extends WithIo { tables?: string; version: "v1" | "v2"; out: string; sampler: "exact" | "reference"; seed: number }

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
      .option("version", { choices: ["v1", "v2"] as const, default: "v1" as const, describe: "v1 projected B200 power, v2 measured anchor" })
      .option("out", { type: "string", default: join("results", "paper"), describe: "output folder" })
      .option("sampler", { choices: ["exact", "reference"] as const, default: "exact" as const, describe: "Table 3 service-time moments" })
      .option("seed", { type: "number", default: 42, describe: "reference sampler seed" }) as never,
  handler: async (args) => {
    if (!Number.isSafeInteger(args.seed) || args.seed < 0) badInput("--seed", "seed", args.seed, "must be a non-negative integer");
    const tables = selectTables(args.tables);
    const opts: PaperOptions = { version: args.version, sampler: args.sampler, seed: args.seed };
    // Build every table before writing any file, so bad input never leaves a partial set.
    const outputs = tables.map((t) => ({ t, out: t.build(opts) }));
    for (const { t, out } of outputs) {
      args.io.stdout.write(`\n${t.title} [${args.version}; cells: computed (published)]\n${out.text}\n`);
      for (const f of out.files) {
        await writeTableFiles(args.out, f.name, f.table, { paper_version: args.version, table: String(t.id) });
      }
    }
    args.io.stdout.write(`\nwrote ${outputs.flatMap(({ out }) => out.files.map((f) => f.name)).join(", ")} (.csv, .arrow) to ${args.out}\n`);
    if (args.tables !== undefined) return;
    const studies = await runStudies({ out: args.out });
    const times = Object.entries(studies.seconds).map(([name, s]) => `${name} ${s.toFixed(1)} s`).join(", ");
    args.io.stdout.write(`studies (${times}): wrote REPORT.md and ${studies.files.length - 1} more files to ${args.out}\n`);
  },
};
