import type { CommandModule } from "yargs";
import { join } from "node:path";
import { DEFAULT_ALPHA_RANGES } from "../calibrate/alpha.ts";
import { ALL_ROLES } from "../calibrate/roles.ts";
import { badInput, InputError } from "../errors.ts";
import { parseColumnMapping } from "../io/csvRead.ts";
import { gitCommit, packageVersion, parseFormats, writeTableFiles } from "../io/index.ts";
import { ResultSet } from "../output/resultSet.ts";
import { PAPER_SAMPLER_SEED, PAPER_TABLES, type PaperOptions } from "../paper/index.ts";
import { samplerSeed } from "./parse.ts";
import { checkpoint, stoppable } from "./signals.ts";
import { runStudies } from "../paper/studies/index.ts";
import { runMeasured, type MeasuredStudy } from "../paper/studies/measured.ts";
import { parseMaxUtilisation } from "./fleetOutput.ts";
import { integerFlag } from "./integerFlag.ts";
import type { WithIo } from "./io.ts";

interface PaperArgs extends WithIo {
  tables?: string; revision: "v1" | "v2"; out: string; force: boolean; sampler: "exact" | "reference"; seed?: number; maxUtilisation?: string;
  measured?: string; columns?: string; "measured-profile"?: string[]; "alpha-ranges": string; format: string;
}

/** `--measured FILE --columns ... --measured-profile NAME...`: the model-vs-measurement section, computed before anything is written. */
async function measuredStudy(args: PaperArgs): Promise<MeasuredStudy | undefined> {
  const profiles = args["measured-profile"] ?? [];
  if (args.measured === undefined) {
    if (profiles.length > 0 || args.columns !== undefined) throw new InputError("--measured-profile and --columns need --measured FILE");
    return undefined;
  }
  if (args.tables !== undefined) throw new InputError("--measured adds a section to REPORT.md, which --tables does not write");
  if (profiles.length === 0) throw new InputError("--measured needs at least one --measured-profile NAME|FILE to compare with");
  const mapping = parseColumnMapping(args.columns, ALL_ROLES);
  return runMeasured({ file: args.measured, mapping, profiles, alphaRanges: args["alpha-ranges"] });
}

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
  describe: "regenerate the paper's tables (printed beside the published values, CSV, Arrow and Parquet) and, unless --tables " +
    "restricts it, the referee's studies, figures and REPORT.md",
  builder: (y) =>
    y
      .option("tables", { type: "string", describe: "comma-separated table numbers (default: all, then the studies)" })
      .option("revision", { choices: ["v1", "v2"] as const, default: "v1" as const, describe: "paper revision: v1 projected B200 power, v2 power anchored at batch 1" })
      .option("out", { type: "string", default: join("results", "paper"), describe: "output folder" })
      .option("sampler", { choices: ["exact", "reference"] as const, default: "exact" as const, describe: "Table 3 service-time moments" })
      .option("seed", { type: "string", coerce: integerFlag("--seed", 0), describe: `seed of the reference sampler (--sampler reference; default ${PAPER_SAMPLER_SEED}, the paper's)` })
      .option("measured", { type: "string", describe: "a context sweep at the server's concurrency (CSV) for REPORT.md's model-vs-measurement section" })
      .option("columns", { type: "string", describe: "--measured's columns: context=COL,concurrency=COL,tok_s=COL,power=COL[,gpus=COL|N]" })
      .option("measured-profile", { type: "string", array: true, describe: "profile (name or JSON) to compare --measured with; repeatable" })
      .option("alpha-ranges", { type: "string", default: DEFAULT_ALPHA_RANGES, describe: "--measured: context ranges of the measured alpha" })
      .option("max-utilisation", { type: "string", describe: "Table 3's utilisation cap in (0, 1] (paper: 0.85); none (= 1): P99 target alone" })
      .option("format", { type: "string", default: "csv,arrow,parquet", describe: "file formats of every table, comma-separated: csv, arrow, parquet" })
      .option("force", { type: "boolean", default: false, describe: "replace an --out folder that holds something else" }) as never,
  handler: (args) => stoppable((signal) => writePaper(args, signal)),
};

/** Builds every table first (bad input writes nothing), then writes them and the studies as one result set. */
async function writePaper(args: PaperArgs, signal: AbortSignal): Promise<void> {
  const seed = samplerSeed(args.sampler, args.seed);
  const formats = parseFormats("--format", args.format);
  const tables = selectTables(args.tables);
  if (args.maxUtilisation !== undefined && args.tables === undefined) {
    badInput("--max-utilisation", "max_utilisation", args.maxUtilisation, "changes Table 3 only: use it with --tables (the studies keep the paper's 0.85)");
  }
  const maxUtilisation = args.maxUtilisation === undefined ? undefined : parseMaxUtilisation(args.maxUtilisation);
  const measured = await measuredStudy(args);
  const opts: PaperOptions = { revision: args.revision, sampler: args.sampler, seed, maxUtilisation };
  // Build every table before writing any file, so bad input never leaves a partial set.
  const outputs = tables.map((t) => ({ t, out: t.build(opts) }));
  // Everything goes into one result set, swapped in at the end (src/output/resultSet.ts).
  const set = new ResultSet(args.out, { name: "paper", force: args.force });
  try {
    for (const { t, out } of outputs) {
      args.io.stdout.write(`\n${t.title} [${args.revision}; cells: computed (published)]\n${out.text}\n`);
      for (const f of out.files) {
        await writeTableFiles(set.dir, f.name, f.table, { paper_revision: args.revision, table: String(t.id) }, formats);
      }
    }
    args.io.stdout.write(`\nwrote ${outputs.flatMap(({ out }) => out.files.map((f) => f.name)).join(", ")} (${formats.map((f) => `.${f}`).join(", ")}) to ${args.out}\n`);
    if (args.tables === undefined) {
      const studies = await runStudies({ out: set.dir, outLabel: args.out, measured, signal, formats });
      const times = Object.entries(studies.seconds).map(([name, s]) => `${name} ${s.toFixed(1)} s`).join(", ");
      args.io.stdout.write(`studies (${times}): wrote REPORT.md and ${studies.files.length - 1} more files to ${args.out}\n`);
    }
    checkpoint(signal);
    set.commit({ name: "paper", revision: args.revision, sampler: args.sampler, seed, tables: tables.map((t) => t.id),
      studies: args.tables === undefined, wattsweep: packageVersion(), gitCommit: gitCommit() });
  } catch (err) {
    set.abort();
    throw err;
  }
}
