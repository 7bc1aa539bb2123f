import yargs from "yargs";
import { InputError } from "../errors.ts";
import { packageVersion } from "../io/index.ts";
import { Interrupted } from "../execute/interrupted.ts";
import { commands } from "./commands.ts";
import { userFixableSystemError } from "./systemErrors.ts";
import type { CliIo } from "./io.ts";

const PROCESS_IO: CliIo = { stdout: process.stdout, stderr: process.stderr };

/**
 * Runs one command line and returns its exit code: 0 done, 2 bad input (one line on stderr),
 * 130 interrupted, 1 anything else (a bug). Never exits the process, so tests call it
 * in-process; each call builds its own yargs instance.
 */
export async function cliMain(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  let help = "";
  let cli = yargs()
    .scriptName("wattsweep")
    .strict()
    .demandCommand(1, "name a command (see --help)")
    .recommendCommands()
    .version(packageVersion() ?? "unknown")
    .help()
    .wrap(Math.min(110, io.stdout.columns ?? 110))
    .fail((msg, err) => {
      // a flag's coerce check fails with its message wrapped in yargs' own error type
      if (err?.name === "YError") throw new InputError(err.message);
      throw err ?? new InputError(msg.replace(/\n\s*/g, " "));
    });
  for (const command of commands) cli = cli.command(command);
  try {
    // The context object reaches every handler as `args.io`; the callback receives the
    // --help text instead of yargs printing it and exiting.
    await cli.parseAsync(argv, { io }, (_err, _args, output) => {
      help = output;
    });
    if (help) io.stdout.write(`${help}\n`);
    return 0;
  } catch (err) {
    if (err instanceof InputError || err instanceof Interrupted) {
      io.stderr.write(`wattsweep: ${err.message}\n`);
      return err instanceof Interrupted ? (err.by === "SIGTERM" ? 143 : 130) : 2;
    }
    const system = userFixableSystemError(err);
    if (system !== null) {
      io.stderr.write(`wattsweep: ${system}\n`);
      return 2;
    }
    io.stderr.write(`wattsweep: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
