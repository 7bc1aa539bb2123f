import type { Argv } from "yargs";
import { InputError } from "../errors.ts";
import { packageVersion } from "../io/installation.ts";
import { poolsClosed } from "../execute/closing.ts";
import { Interrupted } from "../execute/interrupted.ts";
import { COMMANDS, commandsFor } from "./commands.ts";
import { EXIT_CODES, withHelp } from "./help.ts";
import { userFixableSystemError } from "./systemErrors.ts";
import type { CliIo } from "./io.ts";
import { checkCommandName, unknownArguments } from "./unknown.ts";
import { checkWorkers } from "../sweep/limits.ts";
import { integerFlag } from "./integerFlag.ts";

const PROCESS_IO: CliIo = { stdout: process.stdout, stderr: process.stderr };

/**
 * yargs lays out a command's whole --help text as it starts the handler, in case the handler
 * later asks for it (showHelp); ours never do, and the layout is CPU at every command's start
 * (cacheHelpMessage in `node --cpu-prof bin/wattsweep.js list gpus`). Asked
 * for, --help is laid out as before. (Internal API of the pinned yargs 18: a yargs without it
 * fails every command, and so every CLI test.)
 */
function skipHelpLayout(cli: Argv): void {
  (cli as unknown as { getInternalMethods(): { getUsageInstance(): { cacheHelpMessage(): void } } })
    .getInternalMethods().getUsageInstance().cacheHelpMessage = () => {};
}

/**
 * For `run`, its first worker thread starts before the command line is parsed (yargs and the
 * run's modules load meanwhile: startEarlyPool), with the thread count --workers gives as a
 * plain integer, or the core count; the run takes it (or closes it if it asked for another
 * count). Returns what closes a pool no run took (a command line that fails to parse).
 */
async function startRunThread(argv: readonly string[]): Promise<() => void> {
  if (argv[0] !== "run" || argv.includes("--help")) return () => undefined;
  const at = argv.findIndex((a) => a === "--workers" || a.startsWith("--workers="));
  const text = at < 0 ? undefined : argv[at].startsWith("--workers=") ? argv[at].slice("--workers=".length) : argv[at + 1];
  let workers: number;
  try {
    workers = checkWorkers(text === undefined ? undefined : integerFlag("--workers", 1)(text));
  } catch {
    return () => undefined; // the run reports the flag
  }
  const { startEarlyPool, dropEarlyPool } = await import("../execute/threads.ts");
  startEarlyPool(workers);
  return dropEarlyPool;
}

/**
 * Runs one command line and returns its exit code: 0 done, 2 bad input (one line on stderr
 * per problem), 130 interrupted (143 by SIGTERM), 1 anything else (a bug). Never exits the
 * process, so tests call it in-process; each call builds its own yargs instance.
 */
export async function cliMain(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  const dropEarlyPool = await startRunThread(argv);
  try {
    return await parseAndRun(argv, io);
  } finally {
    // a thread no run took (a bad command line) ends before the caller may exit: see closePool
    dropEarlyPool();
    await poolsClosed();
  }
}

async function parseAndRun(argv: string[], io: CliIo): Promise<number> {
  // loaded here, not imported at the top: `run` starts its thread first (startRunThread)
  const { default: yargs } = await import("yargs");
  let help = "";
  let cli = yargs()
    .scriptName("wattsweep")
    // yargs' messages in English whatever LANG says, as wattsweep's own are: unknown.ts reads
    // them, and the help layout's widths (displayWidth.ts) are checked for English text
    .locale("en")
    .strict()
    .demandCommand(1, "name a command (see --help)")
    .completion("completion", "print a bash/zsh completion script (add `source <(wattsweep completion)` to your shell's rc file)")
    .version(packageVersion() ?? "unknown")
    .help()
    .epilogue(EXIT_CODES)
    .wrap(Math.min(110, io.stdout.columns ?? 110))
    .fail((msg, err) => {
      // a flag's coerce check fails with its message wrapped in yargs' own error type
      if (err?.name === "YError") throw new InputError(err.message);
      throw err ?? new InputError(unknownArguments(msg, argv) ?? msg.replace(/\n\s*/g, " "));
    });
  for (const command of await commandsFor(argv)) cli = cli.command(withHelp(command));
  skipHelpLayout(cli);
  try {
    checkCommandName(argv, [...Object.keys(COMMANDS), "completion"]);
    // The context object reaches every handler as `args.io`; the callback receives the
    // --help text instead of yargs printing it and exiting.
    await cli.parseAsync(argv, { io }, (_err, _args, output) => {
      help = output;
    });
    if (help) io.stdout.write(`${help}\n`);
    return 0;
  } catch (err) {
    if (err instanceof InputError || err instanceof Interrupted) {
      // one line per problem (several unknown arguments: one line each)
      io.stderr.write(err.message.split("\n").map((line) => `wattsweep: ${line}\n`).join(""));
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
