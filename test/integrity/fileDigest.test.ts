// fileDigest reads a file in 1 MiB pieces: its size and sha256 must be those of the whole file.
// A run's manifest hashes what it writes as it writes it (TempFile): the files read back
// must be those sizes and hashes.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileDigest } from "../../src/io/fileDigest.ts";
import { hashFolder, TempFile, unhashFolder, writeFileAtomic } from "../../src/io/atomic.ts";
import { readManifest, ResultSet, type FileEntry } from "../../src/output/resultSet.ts";
import { runSweep } from "../../src/sweep/index.ts";
import { moduleDir, sweepFile, table1Body } from "../sweep/helpers.ts";

describe("fileDigest", () => {
  it("hashes a file across piece boundaries like one read of the whole, and an empty file", () => {
    const dir = mkdtempSync(join(tmpdir(), "wattsweep-digest-"));
    // 2.5 MiB of a pattern that differs in every piece
    const bytes = Buffer.alloc(2.5 * 2 ** 20);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + (i >> 20)) & 255;
    writeFileSync(join(dir, "big"), bytes);
    writeFileSync(join(dir, "empty"), "");
    expect(fileDigest(join(dir, "big"))).toEqual({ bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") });
    // the sha256 of no bytes (FIPS 180-4 test vector)
    expect(fileDigest(join(dir, "empty"))).toEqual({ bytes: 0, sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" });
  });

  it("TempFile hashes what it writes in a hashed folder, in however many writes, and nothing elsewhere", () => {
    const dir = mkdtempSync(join(tmpdir(), "wattsweep-digest-"));
    const other = mkdtempSync(join(tmpdir(), "wattsweep-digest-"));
    const digests = hashFolder(dir);
    try {
      const write = (path: string) => {
        const file = new TempFile(path);
        file.write("text, é,\n");
        file.write(Uint8Array.from({ length: 3000 }, (_, i) => i & 255));
        file.write("");
        file.commit();
      };
      write(join(dir, "a.bin"));
      write(join(other, "b.bin"));
      expect(digests.get(join(dir, "a.bin"))).toEqual(fileDigest(join(dir, "a.bin")));
      expect([...digests.keys()]).toEqual([join(dir, "a.bin")]);
    } finally {
      unhashFolder(dir);
    }
    const after = new TempFile(join(dir, "c.bin"));
    after.write("x");
    after.commit();
    expect(digests.has(join(dir, "c.bin"))).toBe(false);
  });

  it("TempFile writes its bytes in order however small writes are gathered, puts an empty file in place, and a discard leaves none", () => {
    const dir = mkdtempSync(join(tmpdir(), "wattsweep-tempfile-"));
    // small writes around large ones, across the gathering buffer's bounds
    const pieces: Uint8Array[] = [];
    for (let k = 0; k < 400; k++) {
      const n = k % 50 === 7 ? 70_000 + k : (k * 37) % 900;
      pieces.push(Uint8Array.from({ length: n }, (_, i) => (i * 13 + k) & 255));
    }
    const file = new TempFile(join(dir, "pieces.bin"));
    let written = 0;
    for (const p of pieces) {
      file.write(p);
      written += p.length;
      expect(file.size).toBe(written);
    }
    file.write("é and text");
    file.commit();
    const expected = Buffer.concat([...pieces, Buffer.from("é and text")]);
    expect(readFileSync(join(dir, "pieces.bin")).equals(expected)).toBe(true);
    const empty = new TempFile(join(dir, "empty.bin"));
    empty.commit();
    expect(readFileSync(join(dir, "empty.bin")).length).toBe(0);
    const dropped = new TempFile(join(dir, "dropped.bin"));
    dropped.write("not kept");
    dropped.write(new Uint8Array(100_000));
    dropped.discard();
    expect(readdirSync(dir).sort()).toEqual(["empty.bin", "pieces.bin"]);
  });

  it("a result set's manifest lists a file's digest as hashed while written, not read back", () => {
    const parent = mkdtempSync(join(tmpdir(), "wattsweep-digest-"));
    const set = new ResultSet(join(parent, "out"), { name: "digest" });
    writeFileAtomic(set.path("a.txt"), "hashed as written");
    // the same size, other bytes, behind the writer's back: a read-back would see these
    writeFileSync(set.path("a.txt"), "HASHED AS WRITTEN");
    set.commit({ name: "digest" });
    const { files } = readManifest<{ files: FileEntry[] }>(join(parent, "out"));
    expect(files).toEqual([{ name: "a.txt", bytes: 17, sha256: createHash("sha256").update("hashed as written").digest("hex") }]);
  });

  it("a file goes to the innermost result set writing it (a study's inside the paper's): its digest as written", () => {
    const parent = mkdtempSync(join(tmpdir(), "wattsweep-digest-"));
    const outer = new ResultSet(join(parent, "outer"), { name: "outer" });
    try {
      const inner = new ResultSet(join(outer.dir, "inner"), { name: "inner" });
      writeFileAtomic(inner.path("a.txt"), "hashed as written");
      writeFileSync(inner.path("a.txt"), "HASHED AS WRITTEN"); // behind the writer's back, as above
      inner.commit({ name: "inner" });
      const { files } = readManifest<{ files: FileEntry[] }>(join(outer.dir, "inner"));
      expect(files).toEqual([{ name: "a.txt", bytes: 17, sha256: createHash("sha256").update("hashed as written").digest("hex") }]);
    } finally {
      outer.abort();
    }
  });

  it("TempFile refuses to commit after a failed write: the bytes it counted and hashed did not all reach the file", () => {
    const dir = mkdtempSync(join(tmpdir(), "wattsweep-tempfile-"));
    const file = new TempFile(join(dir, "lost.bin"));
    file.write("gathered, not yet in the file");
    rmSync(dir, { recursive: true });
    expect(() => file.write(new Uint8Array(100_000))).toThrow(/ENOENT/);
    mkdirSync(dir); // the folder back: a commit would now put a file in place without those bytes
    expect(() => file.commit()).toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a run's manifest: each file's size and sha256 are the file's read back", async () => {
    const dir = moduleDir();
    const out = join(dir, "out");
    // bands.* and points.* as a run writes them, chunk by chunk
    await runSweep({ file: sweepFile(dir, "digest", table1Body(400)), out, workers: 1, points: true, chunkRows: 2000, progress: null });
    const { files } = readManifest<{ files: FileEntry[] }>(out);
    expect(files.map((f) => f.name).sort()).toEqual(["bands.arrow", "bands.csv", "bands.parquet", "points.arrow", "points.parquet"]);
    for (const f of files) expect({ name: f.name, bytes: f.bytes, sha256: f.sha256 }).toEqual({ name: f.name, ...fileDigest(join(out, f.name)) });
  });
});
