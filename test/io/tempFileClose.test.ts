// A file system may report a failed write only when the file is closed (EIO, EDQUOT on a
// network mount). TempFile's commit then fails naming the file, and its descriptor is closed
// once: a number closed again may by then be another file's (worker threads share them).
import fs, { mkdtempSync, readdirSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../src/io/atomic.ts";

describe("TempFile whose close fails", () => {
  it("fails the commit naming the file, closes its descriptor once and leaves no file", () => {
    const dir = mkdtempSync(join(tmpdir(), "tempfile-close-"));
    const path = join(dir, "bands.csv");
    const closeSync = fs.closeSync;
    let closes = 0;
    // node:fs's named exports follow the module object once synced: atomic.ts's closeSync is this one
    fs.closeSync = (fd: number) => {
      closes++;
      closeSync(fd);
      throw Object.assign(new Error("EIO: i/o error, close"), { code: "EIO", syscall: "close" });
    };
    syncBuiltinESMExports();
    try {
      expect(() => writeFileAtomic(path, "a,b\n1,2\n")).toThrow(expect.objectContaining({ code: "EIO", path }));
    } finally {
      fs.closeSync = closeSync;
      syncBuiltinESMExports();
    }
    expect(closes).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
  });
});
