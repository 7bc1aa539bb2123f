// A run writes bands.* part by part as its chunks come back (io/tableSink.ts); merge and the
// paper write a whole table at once. Parts of TABLE_GROUP_ROWS rows make both the same bytes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";
import { TABLE_GROUP_ROWS, writeTableFiles } from "../../src/io/index.ts";
import { bandsTable } from "../../src/output/bandsTable.ts";
import { mergeShards } from "../../src/output/merge.ts";
import { runSweep, type RunSummary } from "../../src/sweep/index.ts";
import { useDuckDb } from "../duckdb.ts";
import { moduleDir, sweepFile } from "./helpers.ts";

const { sql } = useDuckDb();

const dir = moduleDir();
// 600 replicates × 7 contexts × 2 GPUs = 8400 points: whole parts and a partial one. At 16
// samples a unit is 4096 points: shard 2 of 2 holds points 4096-8399, whose bands it writes in
// parts of its own, which merge reads back
const file = sweepFile(dir, "parts", `export default w.defineSweep({
  name: "parts",
  grid: { rep: w.replicates(600), ctx: w.log2Range(2048, 131072), gpu: w.profiles("h100-80gb", "b200-projected") },
  uncertain: { power_factor: { target: "power_scale", dist: w.plusMinus(0.15), vary: "perGpu" } },
  samples: 16, method: "latinHypercube", seed: 3,
});`);

describe("bands written in parts", () => {
  let run: RunSummary;
  beforeAll(async () => {
    run = await runSweep({ file, out: join(dir, "run"), workers: 2, chunkRows: 3000, progress: null });
    for (const k of [1, 2]) await runSweep({ file, out: join(dir, `shard${k}`), workers: 1, shard: [k, 2], progress: null });
    await mergeShards([join(dir, "shard1"), join(dir, "shard2")], join(dir, "merged"));
    await writeTableFiles(join(dir, "whole"), "bands", bandsTable(run.plan, 0, run.plan.points, run.bands!.values));
  });

  it("a run's files are the bytes of the whole table written at once, and of a merge", () => {
    expect(run.plan.points).toBeGreaterThan(TABLE_GROUP_ROWS);
    for (const name of ["bands.csv", "bands.arrow", "bands.parquet"]) {
      const whole = readFileSync(join(dir, "whole", name));
      expect(readFileSync(join(dir, "run", name)).equals(whole), `run: ${name}`).toBe(true);
      expect(readFileSync(join(dir, "merged", name)).equals(whole), `merged: ${name}`).toBe(true);
    }
  });

  it("hold every point once, in order, in record batches and Parquet row groups of TABLE_GROUP_ROWS rows", async () => {
    /** rows of the parts of a table of n rows: whole parts, then the rest */
    const parts = (n: number) => [...Array<number>(Math.floor(n / TABLE_GROUP_ROWS)).fill(TABLE_GROUP_ROWS), ...(n % TABLE_GROUP_ROWS ? [n % TABLE_GROUP_ROWS] : [])];
    expect(run.plan.points % TABLE_GROUP_ROWS).toBeGreaterThan(0);
    const groups = await sql(`SELECT row_group_num_rows AS n FROM parquet_metadata('${join(dir, "run", "bands.parquet")}') GROUP BY row_group_id, n ORDER BY row_group_id`);
    expect(groups.map((g) => Number(g.n))).toEqual(parts(run.plan.points));
    const table = tableFromIPC(readFileSync(join(dir, "run", "bands.arrow")));
    expect(table.batches.map((b) => b.numRows)).toEqual(parts(run.plan.points));
    expect(tableFromIPC(readFileSync(join(dir, "shard2", "bands.arrow"))).batches.map((b) => b.numRows)).toEqual(parts(run.plan.points - 4096));
    expect(Array.from(table.getChild("point")!.toArray() as BigInt64Array, Number)).toEqual(Array.from({ length: run.plan.points }, (_, p) => p));
    const csv = readFileSync(join(dir, "run", "bands.csv"), "utf8").trimEnd().split("\n");
    expect(csv).toHaveLength(run.plan.points + 1);
  });
});
