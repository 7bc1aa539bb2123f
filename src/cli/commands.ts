import type { CommandModule } from "yargs";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Command = CommandModule<any, any>;

/**
 * Every subcommand by name, in --help order; each lives in its own file under src/cli/ and
 * loads only when named, so `wattsweep list gpus` starts without the modules (Arrow, CSV,
 * workers) the other commands need.
 */
export const COMMANDS: Record<string, () => Promise<Command>> = {
  paper: async () => (await import("./paper.ts")).paperCommand,
  profile: async () => (await import("./profile.ts")).profileCommand,
  list: async () => (await import("./list.ts")).listCommand,
  run: async () => (await import("./run.ts")).runCommand,
  merge: async () => (await import("./merge.ts")).mergeCommand,
  describe: async () => (await import("./describe.ts")).describeCommand,
  calibrate: async () => (await import("./calibrate.ts")).calibrateCommand,
  validate: async () => (await import("./validate.ts")).validateCommand,
  fleet: async () => (await import("./fleet.ts")).fleetCommand,
  analyze: async () => (await import("./analyze.ts")).analyzeCommand,
  init: async () => (await import("./init.ts")).initCommand,
};

/** The command `argv` names, or all of them (for --help, a typo's suggestion, a missing command). */
export async function commandsFor(argv: readonly string[]): Promise<Command[]> {
  const named = Object.hasOwn(COMMANDS, argv[0] ?? "") ? COMMANDS[argv[0]] : undefined;
  return named ? [await named()] : Promise.all(Object.values(COMMANDS).map((load) => load()));
}
