import { createHash, randomBytes, type Hash } from "node:crypto";
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

/** Size and sha256 of files TempFile put in place, by path, until taken (committedDigest). */
const digests = new Map<string, { bytes: number; sha256: string }>();

/**
 * The size and sha256 of the file at `path` as a TempFile wrote it (hashed as it was written,
 * while a run computes), once; null for a file written otherwise, or asked for before.
 */
export function committedDigest(path: string): { bytes: number; sha256: string } | null {
  const found = digests.get(path) ?? null;
  digests.delete(path);
  return found;
}

/**
 * A file written under `path`'s temporary name (tempPathFor), renamed onto `path` by commit
 * or removed by discard. Its descriptor opens with the first write and closes once: a number
 * closed twice may by then be another file's, and nothing is written after commit or discard.
 */
export class TempFile {
  readonly tmp: string;
  private fd: number | "unopened" | "closed" = "unopened";
  private readonly hash: Hash = createHash("sha256");
  private bytes = 0;

  constructor(readonly path: string) {
    this.tmp = tempPathFor(path);
  }

  /** Appends all of `data` (writeFileSync loops where one write() may stop short on a full disk). */
  write(data: string | Uint8Array): void {
    if (this.fd === "closed") return;
    if (this.fd === "unopened") this.fd = openSync(this.tmp, "w");
    const fd = this.fd;
    const bytes = typeof data === "string" ? Buffer.from(data) : data;
    namingPath(this.path, () => writeFileSync(fd, bytes));
    this.hash.update(bytes);
    this.bytes += bytes.length;
  }

  commit(): void {
    this.close();
    renameSync(this.tmp, this.path);
    digests.set(this.path, { bytes: this.bytes, sha256: this.hash.digest("hex") });
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
