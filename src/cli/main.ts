import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { InputError } from "../errors.ts";
import { packageVersion } from "../io/index.ts";
import { commands } from "./commands.ts";

/** Runs the CLI; bad input prints one line and exits 2, anything else is a bug (exit 1). */
async function main(argv: string[]): Promise<void> {
  let cli = yargs(argv)
    .scriptName("wattsweep")
    .strict()
    .demandCommand(1, "name a command (see --help)")
    .recommendCommands()
    .version(packageVersion() ?? "unknown")
    .help()
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((msg, err) => {
      throw err ?? new InputError(msg.replace(/\n\s*/g, " "));
    });
  for (const command of commands) cli = cli.command(command);
  await cli.parseAsync();
}

// `wattsweep paper | head` closes our stdout early: the reader's choice, not an error. The
// command carries on (its result files still get written); only the printing is dropped.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code !== "EPIPE") throw err;
});

main(hideBin(process.argv)).catch((err: unknown) => {
  if (err instanceof InputError) {
    process.stderr.write(`wattsweep: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`wattsweep: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
