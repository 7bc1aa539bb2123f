// TableFileSink opens every format's writer with the first part; when one cannot open, the
// files the others opened are removed and the part fails with that format's error. The Arrow
// writer is made to fail here (a real failure of one format alone, such as its module not
// loading, cannot be arranged), after the Parquet writer has created its temporary file.
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { floatColumn, TableFileSink } from "../../src/io/index.ts";

vi.mock("../../src/io/arrow.ts", async (original) => ({
  ...(await original<typeof import("../../src/io/arrow.ts")>()),
  ArrowFileSink: class {
    constructor() {
      throw new Error("arrow writer failed to open");
    }
  },
}));

describe("TableFileSink, one format failing to open", () => {
  it("removes the files the other formats opened and fails with that format's error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wattsweep-sink-open-"));
    const sink = new TableFileSink(dir, "bands", ["csv", "arrow", "parquet"]);
    const part = { columns: [floatColumn("x", "W", Float64Array.from([1, 2, 3]))], length: 3 };
    await expect(sink.append(part)).rejects.toThrow("arrow writer failed to open");
    expect(readdirSync(dir)).toEqual([]);
    await sink.abort();
    expect(readdirSync(dir)).toEqual([]);
  });
});
