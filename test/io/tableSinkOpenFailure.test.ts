// TableFileSink opens every format's writer with the first part; when one cannot open, the
// others are aborted and the part fails with that format's error. No writer touches the disk
// before its first bytes (a TempFile opens its file with them), so none is left behind. The
// Arrow writer is made to fail here (a real failure of one format alone, such as its module
// not loading, cannot be arranged).
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { floatColumn, TableFileSink } from "../../src/io/index.ts";

vi.mock("../../src/io/arrowTable.ts", async (original) => ({
  ...(await original<typeof import("../../src/io/arrowTable.ts")>()),
  ArrowTableSink: class {
    constructor() {
      throw new Error("arrow writer failed to open");
    }
  },
}));

describe("TableFileSink, one format failing to open", () => {
  it("fails the part with that format's error and leaves no file, before and after abort", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wattsweep-sink-open-"));
    const sink = new TableFileSink(dir, "bands", ["csv", "arrow", "parquet"]);
    const part = { columns: [floatColumn("x", "W", Float64Array.from([1, 2, 3]))], length: 3 };
    await expect(sink.append(part)).rejects.toThrow("arrow writer failed to open");
    expect(readdirSync(dir)).toEqual([]);
    await sink.abort();
    expect(readdirSync(dir)).toEqual([]);
  });
});
