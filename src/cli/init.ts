import type { CommandModule } from "yargs";
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { InputError } from "../errors.ts";
import { packageVersion, writeFileAtomic } from "../io/index.ts";
import type { WithIo } from "./io.ts";
import { scaffoldFiles } from "./scaffold.ts";

// The versions the scaffold's typecheck script uses: those wattsweep itself is checked with.
const TYPESCRIPT = "5.9.3";
const TYPES_NODE = "20.19.43";

/** Writes the scaffold into `dir` (which must be missing or empty); returns the files written. */
export function initFolder(dir: string): string[] {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new InputError(`init: ${dir} is a file, not a folder`);
    if (readdirSync(dir).length > 0) throw new InputError(`init: ${dir} is not empty; name a new or empty folder`);
  }
  const files = scaffoldFiles(basename(resolve(dir)), packageVersion() ?? "0.1.0", TYPESCRIPT, TYPES_NODE);
  for (const f of files) writeFileAtomic(join(dir, f.path), f.text);
  return files.map((f) => f.path);
}

export const initCommand: CommandModule<object, { dir: string } & WithIo> = {
  command: "init <dir>",
  describe: "create a sweep folder: package.json (type module, depends on wattsweep), tsconfig.json and an example sweep",
  builder: (y) => y.positional("dir", { type: "string", demandOption: true, describe: "new or empty folder" }) as never,
  handler: ({ dir, io }) => {
    const files = initFolder(dir);
    io.stdout.write(`wrote ${files.join(", ")} in ${dir}\nnext: cd ${dir} && npm install && npx wattsweep run sweeps/example.ts\n`);
  },
};
