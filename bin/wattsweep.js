#!/usr/bin/env node
// Runs the compiled CLI (dist/, made by `npm ci` through the "prepare" script). In a git
// checkout, a src/ edited since the last build is compiled first (esbuild, a fraction of a
// second), so the binary never runs stale code; an installed package has no src/ to check.
import { existsSync } from "node:fs";

if (existsSync(new URL("../src", import.meta.url))) await (await import("../scripts/build.mjs")).ensureBuilt();
const { cliMain } = await import("../dist/cli.js");

// `wattsweep paper | head` closes our stdout early: the reader's choice, not an error. The
// command carries on (its result files still get written); only the printing is dropped.
process.stdout.on("error", (err) => {
  if (err.code !== "EPIPE") throw err;
});

const code = await cliMain(process.argv.slice(2));
// On success the process ends once its output is flushed; on a failure cliMain has waited for
// the threads it started to close, and the process exits with its code, whatever else is left
// pending.
if (code !== 0) process.exit(code);
