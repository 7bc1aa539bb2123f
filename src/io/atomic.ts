import { createHash, randomBytes, type Hash } from "node:crypto";
import { closeSync, openSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, sep } from "node:path";
import { makeFolder } from "./folders.ts";
import type { Digest } from "./fileDigest.ts";

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
function namingPath<T>(path: string, write: () => T): T {
  try {
    return write();
  } catch (err) {
    (err as NodeJS.ErrnoException).path ??= path;
    throw err;
  }
}

/** Folders whose files TempFile hashes as it writes them, each with the digests of those put in place there, by path. */
const hashedFolders = new Map<string, Map<string, Digest>>();

/**
 * Has TempFile hash the files it writes under `dir` as it writes them (a result set's, whose
 * manifest lists each file's sha256: hashed while the run computes, not read back after);
 * returns their digests by path as they are put in place. Until unhashFolder. A file goes to
 * the innermost such folder (a study's result set inside the paper's); files a worker thread
 * writes are not hashed here, and are read back.
 */
export function hashFolder(dir: string): ReadonlyMap<string, Digest> {
  const digests = new Map<string, Digest>();
  hashedFolders.set(dir, digests);
  return digests;
}

export function unhashFolder(dir: string): void {
  hashedFolders.delete(dir);
}

function digestsFor(path: string): Map<string, Digest> | null {
  let found: string | null = null;
  for (const dir of hashedFolders.keys()) if (path.startsWith(dir + sep) && (found === null || dir.length > found.length)) found = dir;
  return found === null ? null : hashedFolders.get(found)!;
}

/**
 * Writes smaller than this are gathered and go to the file together: Arrow and Parquet hand a
 * file many small pieces (a page and its header, a buffer and its padding), otherwise a
 * system call each (`strace -f -c` of a run counts them).
 */
const GATHER_BYTES = 64 * 1024;

/**
 * A file written under `path`'s temporary name (tempPathFor), renamed onto `path` by commit
 * or removed by discard. Its descriptor opens with the first bytes that go out and closes
 * once: a number closed twice may by then be another file's, and nothing is written after
 * commit or discard.
 */
export class TempFile {
  private readonly tmp: string;
  private fd: number | "unopened" | "closed" = "unopened";
  /** where the digest goes once in place, and the hash of what was written: for a file of a hashed folder */
  private readonly digests: Map<string, Digest> | null;
  private readonly hash: Hash | null;
  private bytes = 0;
  /** small writes not yet in the file: gathered[0, gatheredLength) */
  private gathered: Uint8Array | null = null;
  private gatheredLength = 0;
  /** a write that failed: bytes counted and hashed never reached the file, so no commit may follow */
  private failure: unknown = null;

  constructor(readonly path: string) {
    this.tmp = tempPathFor(path);
    this.digests = digestsFor(path);
    this.hash = this.digests && createHash("sha256");
  }

  /** Appends all of `data`: small writes gathered (GATHER_BYTES), others at once; commit writes what is left. */
  write(data: string | Uint8Array): void {
    if (this.fd === "closed") return;
    if (this.failure !== null) throw this.failure;
    const bytes = typeof data === "string" ? Buffer.from(data) : data;
    this.hash?.update(bytes);
    this.bytes += bytes.length;
    if (this.gatheredLength + bytes.length > GATHER_BYTES) this.writeGathered();
    if (bytes.length >= GATHER_BYTES) return this.writeOut(bytes);
    (this.gathered ??= new Uint8Array(GATHER_BYTES)).set(bytes, this.gatheredLength);
    this.gatheredLength += bytes.length;
  }

  /** Bytes written so far. */
  get size(): number {
    return this.bytes;
  }

  commit(): void {
    if (this.failure !== null) throw this.failure;
    this.writeGathered();
    if (this.fd === "unopened") this.writeOut(new Uint8Array(0)); // a file of no bytes is a file too
    this.close();
    renameSync(this.tmp, this.path);
    if (this.hash) this.digests!.set(this.path, { bytes: this.bytes, sha256: this.hash.digest("hex") });
  }

  /** Removes the temporary file; after commit there is none, and the file in place stays. */
  discard(): void {
    this.gatheredLength = 0;
    this.close();
    rmSync(this.tmp, { force: true });
  }

  private writeGathered(): void {
    if (this.gatheredLength === 0) return;
    const bytes = this.gathered!.subarray(0, this.gatheredLength);
    this.gatheredLength = 0;
    this.writeOut(bytes);
  }

  /** `bytes` to the file, opened if not yet (writeFileSync loops where one write() may stop short on a full disk). */
  private writeOut(bytes: Uint8Array): void {
    try {
      if (this.fd === "unopened") this.fd = openSync(this.tmp, "w");
      const fd = this.fd;
      if (fd === "closed") throw new Error(`TempFile: ${this.path} written after commit or discard`);
      namingPath(this.path, () => writeFileSync(fd, bytes));
    } catch (err) {
      this.failure = err;
      throw err;
    }
  }

  /** Closes the descriptor once, even if closing fails (a network file system may report a failed write only then, naming this file). */
  private close(): void {
    const fd = this.fd;
    this.fd = "closed";
    if (typeof fd === "number") namingPath(this.path, () => closeSync(fd));
  }
}

/** Ends a Parquet or Arrow file as both formats do, the footer, its length (a little-endian 32-bit integer) and the magic, then commits it. */
export function commitWithFooter(file: TempFile, footer: Uint8Array, magic: Uint8Array): void {
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, footer.length, true);
  file.write(footer);
  file.write(length);
  file.write(magic);
  file.commit();
}
