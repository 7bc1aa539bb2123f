import { randomBytes } from "node:crypto";
import { closeSync, openSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { makeFolder } from "./folders.ts";

/**
 * A name next to `path` to write into before renaming onto `path`, so that a crash or
 * Ctrl-C never leaves a half-written result under the final name.
 */
function tempPathFor(path: string): string {
  return `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
}

/** Writes `data` to `path` via a temporary file and rename. Creates the folder. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  makeFolder(dirname(path));
  const file = new TempFile(path);
  try {
    file.write(data);
    file.commit();
  } catch (err) {
    file.discard();
    throw err;
  }
}

/** Runs `write`; an error that names no file (a write to a descriptor does not) names `path`. */
export function namingPath<T>(path: string, write: () => T): T {
  try {
    return write();
  } catch (err) {
    (err as NodeJS.ErrnoException).path ??= path;
    throw err;
  }
}

/**
 * A file written under `path`'s temporary name (tempPathFor), renamed onto `path` by commit
 * or removed by discard. Its descriptor opens with the first write and closes once: a number
 * closed twice may by then be another file's, and nothing is written after commit or discard.
 */
export class TempFile {
  readonly tmp: string;
  private fd: number | "unopened" | "closed" = "unopened";

  constructor(readonly path: string) {
    this.tmp = tempPathFor(path);
  }

  /** Appends all of `data` (writeFileSync loops where one write() may stop short on a full disk). */
  write(data: string | Uint8Array): void {
    if (this.fd === "closed") return;
    if (this.fd === "unopened") this.fd = openSync(this.tmp, "w");
    const fd = this.fd;
    namingPath(this.path, () => writeFileSync(fd, data));
  }

  commit(): void {
    this.close();
    renameSync(this.tmp, this.path);
  }

  /** Removes the temporary file; after commit there is none, and the file in place stays. */
  discard(): void {
    this.close();
    rmSync(this.tmp, { force: true });
  }

  private close(): void {
    if (typeof this.fd === "number") closeSync(this.fd);
    this.fd = "closed";
  }
}
