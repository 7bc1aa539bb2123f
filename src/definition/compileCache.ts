// Sweep files compiled before, kept between runs, so a file run again unchanged skips esbuild
// (starting its service is most of a small sweep's compile). One file per entry, named by the
// hash of the compiler (compile.ts says what identifies it), the sweep file's path and its
// bytes; it holds the compiled code and the path and sha256 of every file bundled into it, all
// of which must be unchanged for the entry to be used. The folder is the user's own in the OS
// temporary folder (mode 700, and used only if it is so: compiled code runs, and another user
// must not be able to plant it). Entries are written whole or not at all (a temporary name,
// then a rename); a cache that cannot be read or written only means compiling again.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

interface Entry {
  code: string;
  /** the bundled files: absolute path and sha256 of their bytes */
  inputs: Array<{ path: string; sha256: string }>;
}

export const sha256 = (bytes: Buffer | string) => createHash("sha256").update(bytes).digest("hex");

/** The cache's folder, made if need be; null where it is not this user's alone. */
function folder(): string | null {
  const uid = process.getuid?.();
  const dir = join(tmpdir(), `wattsweep-compiled-${uid ?? "user"}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = statSync(dir);
  return uid === undefined || (st.uid === uid && (st.mode & 0o077) === 0) ? dir : null;
}

function entryPath(dir: string, compiler: string, path: string, bytes: Buffer): string {
  return join(dir, `${sha256(`${compiler}\n${path}\n${sha256(bytes)}`)}.json`);
}

/** The code `compiler` made before of the sweep file at `path` whose bytes are `bytes`, if every file bundled into it is unchanged; else null. */
export function cachedCompile(compiler: string, path: string, bytes: Buffer): string | null {
  try {
    const dir = folder();
    if (dir === null) return null;
    const entry = JSON.parse(readFileSync(entryPath(dir, compiler, path, bytes), "utf8")) as Entry;
    return entry.inputs.every((f) => sha256(readFileSync(f.path)) === f.sha256) ? entry.code : null;
  } catch {
    return null;
  }
}

/**
 * Keeps `code`, made by `compiler` of the sweep file at `path` (bytes `bytes`) and the files
 * `inputs` bundled into it (absolute path, sha256 of the bytes compiled: a file changed since
 * then makes the entry miss).
 */
export function keepCompile(compiler: string, path: string, bytes: Buffer, code: string, inputs: Entry["inputs"]): void {
  try {
    const dir = folder();
    if (dir === null) return;
    const entry: Entry = { code, inputs };
    const file = entryPath(dir, compiler, path, bytes);
    writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(entry));
    renameSync(`${file}.${process.pid}.tmp`, file);
  } catch {
    // compiled again next time
  }
}
