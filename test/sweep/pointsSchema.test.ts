// points.* as a notebook reads them without a join: every row carries its grid values
// (ctx, beta, gpu), point and sample are int64, integer grid values are int64 (in bands.*
// too), text dimensions dictionary-encoded in Arrow, and a draw that does not apply at a
// point is null. Known answers: the canonical order of table1Body's grid (ctx outermost,
// then beta, gpu innermost: the derived gain spans gpu), written out here by hand.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tableFromIPC, Type } from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";
import { useDuckDb } from "../duckdb.ts";
import { runSweep } from "../../src/sweep/index.ts";
import { profileByName, singleGpuPoint } from "../../src/model/index.ts";
import { moduleDir, sweepFile, table1Body } from "./helpers.ts";

const dir = moduleDir();
const S = 6;
const file = sweepFile(dir, "schema", table1Body(S, 2));
const out = join(dir, "out");
const CTX = [2048, 4096, 8192, 16384, 32768];
const BETA = [0, 1 / 350];
const GPU = ["h100-80gb", "b200-projected"];
/** point p's grid values, independently of src/plan's coord() */
const gridOf = (p: number) => ({ ctx: CTX[Math.floor(p / 4)], beta: BETA[Math.floor(p / 2) % 2], gpu: GPU[p % 2] });
const { sql } = useDuckDb();

beforeAll(async () => {
  await runSweep({ file, out, workers: 1, points: true, progress: null });
}, 60_000);

describe("points schema", () => {
  it("points.arrow: int64 point and sample, then each row's ctx (int64), beta (float64) and gpu (dictionary text)", () => {
    const t = tableFromIPC(readFileSync(join(out, "points.arrow")));
    expect(t.schema.fields.slice(0, 6).map((f) => f.name)).toEqual(["point", "sample", "ctx", "beta", "gpu", "power_factor"]);
    const type = (name: string) => t.schema.fields.find((f) => f.name === name)!.type;
    expect([type("point").typeId, type("sample").typeId, type("ctx").typeId, type("beta").typeId, type("gpu").typeId])
      .toEqual([Type.Int, Type.Int, Type.Int, Type.Float, Type.Dictionary]);
    expect(String(type("point"))).toBe("Int64");
    expect(String(type("ctx"))).toBe("Int64");
    expect(t.schema.fields.find((f) => f.name === "ctx")!.metadata.get("unit")).toBe("tokens");
    expect(t.numRows).toBe(20 * S);
    for (let r = 0; r < t.numRows; r++) {
      const p = Math.floor(r / S);
      const g = gridOf(p);
      expect(t.getChild("point")!.get(r)).toBe(BigInt(p));
      expect(t.getChild("sample")!.get(r)).toBe(BigInt(r % S));
      expect(t.getChild("ctx")!.get(r)).toBe(BigInt(g.ctx));
      expect(t.getChild("beta")!.get(r)).toBe(g.beta);
      expect(t.getChild("gpu")!.get(r)).toBe(g.gpu);
      // b200_power applies where gpu is the B200 only: null on the H100's rows
      const b200 = t.getChild("b200_power")!.get(r);
      if (g.gpu === "h100-80gb") expect(b200, `row ${r}`).toBeNull();
      else expect(b200 >= 0.8 && b200 <= 1.2, `row ${r}: ${b200}`).toBe(true);
    }
    expect(t.getChild("power_factor")!.nullCount).toBe(0);
    // n_max is a count: int64 per sample, each the model's slot count at that row's context
    expect(String(t.schema.fields.find((f) => f.name === "n_max")!.type)).toBe("Int64");
    for (let r = 0; r < t.numRows; r += S) {
      const g = gridOf(Math.floor(r / S));
      expect(t.getChild("n_max")!.get(r)).toBe(BigInt(singleGpuPoint(profileByName(g.gpu), g.ctx).nMax));
    }
  });

  it("bands.arrow writes ctx as int64 and agrees with the points' grid values", () => {
    const bands = tableFromIPC(readFileSync(join(out, "bands.arrow")));
    expect(String(bands.schema.fields.find((f) => f.name === "ctx")!.type)).toBe("Int64");
    expect(String(bands.schema.fields.find((f) => f.name === "beta")!.type)).toBe("Float64");
    for (let p = 0; p < 20; p++) {
      expect(bands.getChild("ctx")!.get(p)).toBe(BigInt(gridOf(p).ctx));
      expect(bands.getChild("gpu")!.get(p)).toBe(gridOf(p).gpu);
    }
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.units.points).toMatchObject({ ctx: "tokens", beta: "1", gpu: "" });
  });

  it("points.parquet: INT64 keys, text gpu, NULL draws; quantiles grouped by grid values equal the bands with no join on point", async () => {
    const types = Object.fromEntries((await sql(`SELECT name, type, repetition_type AS r FROM parquet_schema('${out}/points.parquet')`))
      .map((x) => [x.name, `${x.type} ${x.r}`]));
    expect(types).toMatchObject({
      point: "INT64 REQUIRED", sample: "INT64 REQUIRED", ctx: "INT64 REQUIRED", beta: "DOUBLE REQUIRED",
      gpu: "BYTE_ARRAY REQUIRED", b200_power: "DOUBLE OPTIONAL", tok_per_w: "DOUBLE REQUIRED", n_max: "INT64 REQUIRED",
    });
    const nulls = await sql(`SELECT gpu, count(*) FILTER (WHERE b200_power IS NULL) AS nulls, count(*) AS n
      FROM '${out}/points.parquet' GROUP BY gpu ORDER BY gpu`);
    expect(nulls).toEqual([{ gpu: "b200-projected", nulls: 0n, n: BigInt(10 * S) }, { gpu: "h100-80gb", nulls: BigInt(10 * S), n: BigInt(10 * S) }]);
    const rows = await sql(`
      WITH q AS (SELECT ctx, beta, gpu, quantile_cont(tok_per_w, 0.5) AS p50 FROM '${out}/points.parquet' GROUP BY ctx, beta, gpu)
      SELECT q.ctx, q.gpu, q.p50, b.tok_per_w_p50 FROM q JOIN '${out}/bands.parquet' b USING (ctx, beta, gpu) ORDER BY b.point`);
    expect(rows).toHaveLength(20);
    rows.forEach((r, p) => {
      expect([r.ctx, r.gpu]).toEqual([BigInt(gridOf(p).ctx), gridOf(p).gpu]);
      expect(Math.abs((r.p50 as number) - (r.tok_per_w_p50 as number))).toBeLessThanOrEqual(Math.abs(r.tok_per_w_p50 as number) * Number.EPSILON);
    });
  });
});
