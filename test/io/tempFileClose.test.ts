// A file system may report a failed write only when the file is closed (EIO, EDQUOT on a
// network mount). TempFile's commit then fails naming the file, and its descriptor is closed
// once: a number closed again may by then be another file's (worker threads share them).
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";

const closes = vi.hoisted(() => ({ calls: 0, fail: false }));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  return {
    ...fs,
    closeSync: (fd: number) => {
      closes.calls++;
      fs.closeSync(fd);
      if (closes.fail) throw Object.assign(new Error("EIO: i/o error, close"), { code: "EIO", syscall: "close" });
    },
  };
});

const { writeFileAtomic } = await import("../../src/io/atomic.ts");

describe("TempFile whose close fails", () => {
  it("fails the commit naming the file, closes its descriptor once and leaves no file", () => {
    const dir = mkdtempSync(join(tmpdir(), "tempfile-close-"));
    const path = join(dir, "bands.csv");
    closes.fail = true;
    closes.calls = 0;
    try {
      expect(() => writeFileAtomic(path, "a,b\n1,2\n")).toThrow(expect.objectContaining({ code: "EIO", path }));
    } finally {
      closes.fail = false;
    }
    expect(closes.calls).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
  });
});
