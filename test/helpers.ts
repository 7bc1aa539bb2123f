import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")) as T;
}

/** Relative error against a reference value, failing with a message that names the quantity. */
export function expectClose(actual: number, expected: number, rel: number, what: string): void {
  const err = Math.abs(actual - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE);
  expect(err, `${what}: got ${actual}, reference ${expected}`).toBeLessThanOrEqual(rel);
}

/**
 * Runs the CLI in this process (the command handlers, no child process); returns exit code,
 * stdout and stderr like runCli. Relative paths resolve against this process's folder, so
 * tests pass absolute paths.
 */
export async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  // Loaded on first use: most test files never need the whole CLI.
  const { cliMain } = await import("../src/cli/main.ts");
  let stdout = "";
  let stderr = "";
  const code = await cliMain(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

/** Runs the CLI as a user would, in a child process; returns exit code, stdout and stderr. */
export function runCli(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [`${ROOT}/bin/wattsweep.js`, ...args], { cwd, encoding: "utf8" });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}
