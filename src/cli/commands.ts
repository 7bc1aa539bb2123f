import type { CommandModule } from "yargs";
import { listCommand } from "./list.ts";
import { calibrateCommand } from "./calibrate.ts";
import { validateCommand } from "./validate.ts";
import { paperCommand } from "./paper.ts";
import { profileCommand } from "./profile.ts";
import { runCommand } from "./run.ts";
import { mergeCommand } from "./merge.ts";
import { describeCommand } from "./describe.ts";
import { fleetCommand } from "./fleet.ts";
import { analyzeCommand } from "./analyze.ts";
import { initCommand } from "./init.ts";

/** Every subcommand; each lives in its own file under src/cli/. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [paperCommand, profileCommand, listCommand, runCommand, mergeCommand, describeCommand, calibrateCommand, validateCommand, fleetCommand, analyzeCommand, initCommand];
