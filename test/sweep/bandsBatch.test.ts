// When a run hands its bands to the files: a batch of BANDS_BATCH_POINTS (256) points; the
// points that complete an Arrow/Parquet part of TABLE_GROUP_ROWS rows, counted from the run's
// first point, so that a part is encoded while later chunks compute, not after the last; and
// every chunk in the run's last 256 points.
import { describe, expect, it } from "vitest";
import { TABLE_GROUP_ROWS } from "../../src/io/index.ts";
import { bandsBatchDue } from "../../src/sweep/run.ts";

describe("bandsBatchDue", () => {
  it("waits for a batch's worth of points", () => {
    expect(bandsBatchDue(0, 10000, 0, 255)).toBe(false);
    expect(bandsBatchDue(0, 10000, 0, 256)).toBe(true);
    expect(bandsBatchDue(0, 10000, 300, 555)).toBe(false);
  });

  it("hands on fewer points when they complete a part", () => {
    expect(TABLE_GROUP_ROWS).toBe(1024);
    // 1862 written, the chunk up to 2058 fills the part of rows 1024-2047
    expect(bandsBatchDue(0, 10000, 1862, 2058)).toBe(true);
    expect(bandsBatchDue(0, 10000, 1862, 2047)).toBe(false);
    expect(bandsBatchDue(0, 10000, 1862, 2048)).toBe(true);
    // a shard's rows count from its first point: its parts end at from + 1024 k
    expect(bandsBatchDue(4096, 10000, 5000, 5119)).toBe(false);
    expect(bandsBatchDue(4096, 10000, 5000, 5120)).toBe(true);
  });

  it("hands on every chunk in the run's last batch's worth of points", () => {
    expect(bandsBatchDue(0, 2100, 1700, 1844)).toBe(false);
    expect(bandsBatchDue(0, 2100, 1700, 1845)).toBe(true);
    expect(bandsBatchDue(0, 2100, 2086, 2100)).toBe(true);
  });
});
