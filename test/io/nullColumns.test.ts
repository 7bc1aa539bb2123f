// Missing values are null, not NaN: a nullable column is written as a null in Arrow (a
// nullable field and its validity bitmap), as NULL in Parquet (an OPTIONAL column, read back
// by DuckDB) and as an empty CSV cell. A NaN is not a missing value and is refused.
// seed_noise_gains has no published digit for the workloads the paper gives no gains for.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";
import { useDuckDb } from "../duckdb.ts";
import { nullableColumn, nullableStringColumn, stringColumn, writeTableFiles } from "../../src/io/index.ts";
import { published } from "../../src/paper/published.ts";
import { gainNoiseRows } from "../../src/paper/studies/samplerNoiseResults.ts";
import { seedNoiseGainsTable } from "../../src/paper/studies/tables.ts";
import { moduleDir, runStudySweep, studyFile, tempDir } from "../studies/helpers.ts";

const { sql } = useDuckDb();

describe("null columns", () => {
  it("float and int64 nulls in Arrow, Parquet and CSV; the other rows keep every bit", async () => {
    const dir = tempDir();
    const table = {
      columns: [
        stringColumn("name", ["a", "b", "c"]),
        nullableColumn("w", "W", "float", [0.1 + 0.2, null, -1e-310]),
        nullableColumn("n", "GPUs", "int", [null, 2 ** 53 - 1, 0]),
        nullableStringColumn("gpu", ["h100", "", null]),
      ],
      length: 3,
    };
    await writeTableFiles(dir, "t", table);
    const arrow = tableFromIPC(readFileSync(join(dir, "t.arrow")));
    expect(arrow.schema.fields.map((f) => [f.name, String(f.type), f.nullable])).toEqual([
      ["name", "Utf8", false], ["w", "Float64", true], ["n", "Int64", true], ["gpu", "Utf8", true]]);
    expect([0, 1, 2].map((i) => arrow.getChild("gpu")!.get(i))).toEqual(["h100", "", null]);
    expect([0, 1, 2].map((i) => arrow.getChild("w")!.get(i))).toEqual([0.1 + 0.2, null, -1e-310]);
    expect([0, 1, 2].map((i) => arrow.getChild("n")!.get(i))).toEqual([null, BigInt(2 ** 53 - 1), 0n]);
    // CSV cannot tell an empty name from a missing one; Arrow and Parquet can
    expect(readFileSync(join(dir, "t.csv"), "utf8")).toBe(`name,w,n,gpu\na,${0.1 + 0.2},,h100\nb,,${2 ** 53 - 1},\nc,-1e-310,0,\n`);
    expect(await sql(`SELECT name, w, n, gpu, w IS NULL AS w_null, n IS NULL AS n_null FROM '${dir}/t.parquet'`)).toEqual([
      { name: "a", w: 0.1 + 0.2, n: null, gpu: "h100", w_null: false, n_null: true },
      { name: "b", w: null, n: BigInt(2 ** 53 - 1), gpu: "", w_null: true, n_null: false },
      { name: "c", w: -1e-310, n: 0n, gpu: null, w_null: false, n_null: false },
    ]);
  });

  it("text beyond ASCII, repeated and null, in Arrow as apache-arrow and polars read it", async () => {
    const dir = tempDir();
    const texts = ["é", "日本", null, "😀", "", "é", "h100", null, "日本"];
    await writeTableFiles(dir, "t", { columns: [nullableStringColumn("name", texts)], length: texts.length }, {}, ["arrow"]);
    const bytes = readFileSync(join(dir, "t.arrow"));
    const arrow = tableFromIPC(bytes);
    expect(texts.map((_, i) => arrow.getChild("name")!.get(i))).toEqual(texts);
    expect(pl.readIPC(bytes).getColumn("name").toArray()).toEqual(texts);
  });

  it("a NaN, or a fraction in an int column, is an error, not a missing value", () => {
    expect(() => nullableColumn("w", "W", "float", [1, NaN])).toThrow("column w, row 1: NaN is not a number (a missing value is null)");
    expect(() => nullableColumn("n", "", "int", [null, 1.5])).toThrow("column n, row 1: 1.5 is not an integer");
  });

  it("seed_noise_gains: published is null (Arrow), NULL (Parquet) and empty (CSV) where the paper states no gain", async () => {
    const file = studyFile(moduleDir(), "noise", "samplerNoise", "samplerNoiseSweep", "{ seeds: [42, 43] }");
    const { bands, out } = await runStudySweep(file);
    // the seed, a count, is an int64 grid column of the bands
    expect(String(tableFromIPC(readFileSync(join(out, "bands.arrow"))).schema.fields.find((f) => f.name === "sampler_seed")!.type)).toBe("Int64");
    const dir = tempDir();
    const table = seedNoiseGainsTable(gainNoiseRows(bands));
    await writeTableFiles(dir, "seed_noise_gains", table);
    const arrow = tableFromIPC(readFileSync(join(dir, "seed_noise_gains.arrow")));
    const workload = arrow.getChild("workload")!.toArray() as string[];
    const gain = arrow.getChild("gain")!.toArray() as string[];
    expect(new Set(workload)).toContain("lmsys_multiturn");
    const claims = published().headline_claims as Record<string, number>;
    const claimOf: Record<string, string> = { routing_gain: "routing_gain_h100_azure", generation_gain: "generation_gain_homo_azure", combined_gain: "combined_gain_azure" };
    const csv = readFileSync(join(dir, "seed_noise_gains.csv"), "utf8").trim().split("\n").map((l) => l.split(","));
    const at = csv[0].indexOf("published");
    for (let i = 0; i < arrow.numRows; i++) {
      const expected = workload[i] === "azure" ? claims[claimOf[gain[i]]] : null;
      expect(arrow.getChild("published")!.get(i), `${workload[i]} ${gain[i]}`).toBe(expected);
      expect(arrow.getChild("published_percentile")!.get(i) === null).toBe(expected === null);
      expect(csv[i + 1][at]).toBe(expected === null ? "" : String(expected));
    }
    const nulls = await sql(`SELECT workload, count(*) FILTER (WHERE published IS NULL) AS missing, count(*) AS n
      FROM '${dir}/seed_noise_gains.parquet' GROUP BY workload ORDER BY workload`);
    for (const r of nulls) expect(r.missing, String(r.workload)).toBe(r.workload === "azure" ? 0n : r.n);
    expect(nulls.length).toBeGreaterThan(1);
  }, 120_000);
});
