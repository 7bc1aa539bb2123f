// The package's own folder, for the files it ships beside its code (data/, sweeps/,
// package.json) and for its built entry points. Found by walking up from this module to the
// folder holding package.json, so the answer is the same from src/ (tests, tsx), where
// modules sit at their own depth, and from dist/, which is bundled into a few files.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function packageRootAbove(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, "package.json"))) return d;
    if (dirname(d) === d) throw new Error(`wattsweep: no package.json in ${dir} or above it`);
  }
}

/** Whether the modules running are src/'s TypeScript (vitest, tsx), not the built dist/. */
export const RUNNING_SOURCE = import.meta.url.endsWith(".ts");

/** The folder holding wattsweep's package.json. */
export const PACKAGE_ROOT = packageRootAbove(dirname(fileURLToPath(import.meta.url)));

/** A file or folder of the package, by its path from the package root. */
export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}
