// When a run hands its bands to the files: a batch of BANDS_BATCH_POINTS (256) points; the
// points that complete an Arrow/Parquet part (the sink's rowsToPart), so that a part is encoded
// while later chunks compute, not after the last; and every chunk in the run's last 256 points.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { floatColumn, TABLE_GROUP_ROWS, TableFileSink } from "../../src/io/index.ts";
import { bandsBatchDue } from "../../src/sweep/run.ts";

describe("bandsBatchDue", () => {
  it("waits for a batch's worth of points", () => {
    expect(bandsBatchDue(10000, 0, 255, 1024)).toBe(false);
    expect(bandsBatchDue(10000, 0, 256, 1024)).toBe(true);
    expect(bandsBatchDue(10000, 300, 555, Infinity)).toBe(false);
  });

  it("hands on fewer points when they complete a part", () => {
    // 1862 written, 186 rows to the part's end: the chunk up to 2058 completes it
    expect(bandsBatchDue(10000, 1862, 2058, 186)).toBe(true);
    expect(bandsBatchDue(10000, 1862, 2047, 186)).toBe(false);
    expect(bandsBatchDue(10000, 1862, 2048, 186)).toBe(true);
  });

  it("hands on every chunk in the run's last batch's worth of points, the last one always", () => {
    expect(bandsBatchDue(2100, 1700, 1844, 1024)).toBe(false);
    expect(bandsBatchDue(2100, 1700, 1845, 1024)).toBe(true);
    expect(bandsBatchDue(2100, 2086, 2100, 1024)).toBe(true);
  });
});

describe("TableFileSink.rowsToPart", () => {
  const rows = (n: number) => ({ columns: [floatColumn("x", "W", new Float64Array(n))], length: n });

  it("counts from the sink's first row to the next part's end; none for CSV alone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wattsweep-rows-to-part-"));
    const parts = new TableFileSink(dir, "parts", ["csv", "parquet"]);
    expect(parts.rowsToPart).toBe(TABLE_GROUP_ROWS);
    await parts.append(rows(1000));
    expect(parts.rowsToPart).toBe(TABLE_GROUP_ROWS - 1000);
    await parts.append(rows(1100));
    expect(parts.rowsToPart).toBe(3 * TABLE_GROUP_ROWS - 2100); // two parts cut, 52 rows waiting
    await parts.abort();
    const csv = new TableFileSink(dir, "csv", ["csv"]);
    await csv.append(rows(1000));
    expect(csv.rowsToPart).toBe(Infinity);
    await csv.abort();
  });
});
