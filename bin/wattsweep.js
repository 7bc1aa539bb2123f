#!/usr/bin/env node
// Runs the TypeScript CLI without a build step: tsx also lets users' own .ts sweep files load,
// and aliasSelf lets them import "wattsweep" from wherever they are.
import { register } from "tsx/esm/api";
import { aliasSelf } from "../src/definition/selfImport.mjs";

register();
aliasSelf();
const { cliMain } = await import("../src/cli/main.ts");

// `wattsweep paper | head` closes our stdout early: the reader's choice, not an error. The
// command carries on (its result files still get written); only the printing is dropped.
process.stdout.on("error", (err) => {
  if (err.code !== "EPIPE") throw err;
});

const code = await cliMain(process.argv.slice(2));
// On success the process ends once its output is flushed; a failure exits at once, without
// waiting for anything a failed command may have left running.
if (code !== 0) process.exit(code);
