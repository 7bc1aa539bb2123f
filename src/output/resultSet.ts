// A results folder is one atomic set. Every file of a run is written into a temporary
// sibling folder; manifest.json goes last and lists every file with its size and sha256;
// then the folder is swapped in by rename, so a reader sees the old complete set or the new
// one, never a mix. A lock file refuses a second concurrent writer, and a folder that holds
// something else (another sweep's results, or files its manifest does not list) is refused
// unless forced (where the command has --force; `analyze` has not: move the files).
import { randomBytes } from "node:crypto";
import { closeSync, copyFileSync, existsSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { InputError } from "../errors.ts";
import { hashFolder, makeFolder, unhashFolder, writeFileAtomic } from "../io/index.ts";
import { fileDigest, type Digest } from "../io/fileDigest.ts";

export type FileEntry = { name: string } & Digest;

export interface ResultSetOptions {
  /** what the set holds: a sweep's name, or "paper" */
  name: string;
  /** replace a folder that holds something else */
  force?: boolean;
}

/** Every file below `dir` (relative paths, sorted), except the manifest itself. */
function listFiles(dir: string, under = ""): string[] {
  return readdirSync(join(dir, under), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(dir, join(under, e.name)) : [join(under, e.name)]))
    .filter((f) => f !== "manifest.json")
    .sort();
}

/** Every file of `dir` with its size and sha256: as hashed while written (`written`, by path), else read back. */
function fileEntries(dir: string, written: ReadonlyMap<string, Digest>): FileEntry[] {
  return listFiles(dir).map((name) => {
    const path = join(dir, name);
    return { name, ...(written.get(path) ?? fileDigest(path)) };
  });
}

/** The manifest.json of a finished results folder; a missing or unreadable one is one line. */
export function readManifest<T>(dir: string): T {
  const path = join(dir, "manifest.json");
  if (!existsSync(path)) throw new InputError(`${dir}: no manifest.json (not a finished sweep folder)`);
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch (err) {
    throw new InputError(`${path}: unreadable manifest (${(err as Error).message})`);
  }
}

/** Fails unless every file the manifest of `dir` lists is there with its size and sha256. */
export function verifyResultSet(dir: string, files: readonly FileEntry[]): void {
  for (const f of files) {
    const path = join(dir, f.name);
    if (!existsSync(path)) throw new InputError(`${dir}: ${f.name} is listed in manifest.json but missing`);
    const { bytes, sha256 } = fileDigest(path);
    if (bytes !== f.bytes || sha256 !== f.sha256) {
      throw new InputError(`${dir}: ${f.name} is not the file manifest.json lists (${bytes} bytes, expected ${f.bytes}): truncated or replaced`);
    }
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes `${out}.lock`, or fails naming the process that holds it; a lock left by a dead process is taken over. */
function takeLock(out: string): string {
  const lock = `${out}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, "wx");
      writeFileSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return lock;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new InputError(`${out}: output folder is not writable (${(err as NodeJS.ErrnoException).code ?? "error"})`);
      }
      const holder = Number(readFileSync(lock, "utf8").trim());
      if (Number.isInteger(holder) && holder > 0 && pidAlive(holder)) {
        throw new InputError(`${out}: another wattsweep (pid ${holder}) is writing there; wait for it or remove ${lock}`);
      }
      rmSync(lock, { force: true });
    }
  }
  throw new InputError(`${out}: could not take ${lock}`);
}

/** What an existing folder holds: nothing, an earlier run of the same set, or something else. */
function checkExisting(out: string, o: ResultSetOptions): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new InputError(`${out}: --out names a file, not a folder`);
  const entries = readdirSync(out);
  if (entries.length === 0 || o.force) return;
  const manifest = join(out, "manifest.json");
  let found: { name?: unknown; files?: Array<{ name: string }> };
  try {
    found = JSON.parse(readFileSync(manifest, "utf8"));
  } catch {
    throw new InputError(`${out}: holds files that are not a wattsweep result (${preview(entries)}); choose another --out or add --force`);
  }
  if (found.name !== o.name) throw new InputError(`${out}: holds the results of ${JSON.stringify(found.name)}, not ${JSON.stringify(o.name)}; choose another --out or add --force`);
  // files put beside a result (notes, a plot) would go with the old version of the set
  const listed = found.files === undefined ? null : new Set(found.files.map((f) => f.name));
  const extra = listed === null ? [] : listFiles(out).filter((f) => !listed.has(f));
  if (extra.length > 0) {
    throw new InputError(`${out}: holds files its manifest.json does not list (${preview(extra)}), which a new version of the results would drop; move them elsewhere, or use --force where the command has it`);
  }
}

/** The first few names of a list, for a message. */
function preview(names: readonly string[]): string {
  return `${names.slice(0, 3).join(", ")}${names.length > 3 ? ", ..." : ""}`;
}

export class ResultSet {
  /** the temporary folder every file goes into */
  readonly dir: string;
  private readonly lock: string;
  private done = false;
  /** the digests of the files written here through TempFile, hashed as they were written */
  private readonly written: ReadonlyMap<string, Digest>;

  constructor(readonly out: string, private readonly o: ResultSetOptions) {
    if (out.trim() === "") throw new InputError("--out is empty: name a folder");
    const parent = dirname(out);
    makeFolder(parent, out);
    this.lock = takeLock(out);
    try {
      checkExisting(out, o);
      this.dir = join(parent, `.${basename(out)}.${process.pid}.${randomBytes(4).toString("hex")}.partial`);
      mkdirSync(this.dir);
      this.written = hashFolder(this.dir);
    } catch (err) {
      rmSync(this.lock, { force: true });
      if (err instanceof InputError) throw err;
      throw new InputError(`${out}: output folder is not writable (${(err as NodeJS.ErrnoException).code ?? "error"})`);
    }
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  /**
   * Brings files of the finished set in `from` into this new version unchanged: hard links
   * (no copy of a large points file), or a copy where the file system has none.
   */
  carry(from: string, names: readonly string[]): void {
    for (const name of names) {
      mkdirSync(dirname(this.path(name)), { recursive: true });
      try {
        linkSync(join(from, name), this.path(name));
      } catch {
        copyFileSync(join(from, name), this.path(name));
      }
    }
  }

  /**
   * Writes manifest.json last, from `manifest` plus the list of every file with its size and
   * sha256, then swaps the folder in. Returns the files' paths under `out`.
   */
  commit(manifest: Record<string, unknown>): string[] {
    const files = fileEntries(this.dir, this.written);
    writeFileAtomic(join(this.dir, "manifest.json"), JSON.stringify({ ...manifest, files }, null, 2) + "\n");
    const old = existsSync(this.out) ? `${this.dir}.old` : null;
    if (old !== null) renameSync(this.out, old);
    renameSync(this.dir, this.out);
    if (old !== null) rmSync(old, { recursive: true, force: true });
    this.release();
    return [...files.map((f) => join(this.out, f.name)), join(this.out, "manifest.json")];
  }

  /** Removes everything written so far; the folder `out` is left as it was. */
  abort(): void {
    if (this.done) return;
    rmSync(this.dir, { recursive: true, force: true });
    this.release();
  }

  private release(): void {
    this.done = true;
    unhashFolder(this.dir);
    rmSync(this.lock, { force: true });
  }
}
