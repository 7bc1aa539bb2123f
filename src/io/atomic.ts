import { randomBytes } from "node:crypto";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { makeFolder } from "./folders.ts";

/**
 * A name next to `path` to write into before renaming onto `path`, so that a crash or
 * Ctrl-C never leaves a half-written result under the final name.
 */
export function tempPathFor(path: string): string {
  return `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
}

/** Writes `data` to `path` via a temporary file and rename. Creates the folder. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  makeFolder(dirname(path));
  const tmp = tempPathFor(path);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    (err as NodeJS.ErrnoException).path ??= path; // a failed write() names no file
    throw err;
  }
}
