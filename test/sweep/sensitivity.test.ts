// Sobol' and Morris sweeps end to end through real workers, with user models whose indices
// are known analytically: Ishigami (a = 7, b = 0.1) and Sobol's G; and the indices files'
// bytes whatever the workers, chunks or shards.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";
import { checkWellFormed } from "../calibrate/wellFormed.ts";
import { mergeShards } from "../../src/output/merge.ts";
import { ishigamiIndices, sobolGIndices } from "../../src/stats/sensitivity/index.ts";
import { runSweep, type RunOptions } from "../../src/sweep/index.ts";
import { ishigamiBody, sweepFile, tempDir } from "./helpers.ts";

const dir = tempDir();
const run = (file: string, out: string, o: Partial<RunOptions> = {}) => runSweep({ file, out: join(dir, out), workers: 2, progress: null, ...o });

type Row = Record<string, string>;
function readCsv(out: string, name = "indices.csv"): Row[] {
  const [header, ...lines] = readFileSync(join(dir, out, name), "utf8").trim().split("\n").map((l) => l.split(","));
  return lines.map((l) => Object.fromEntries(header.map((h, i) => [h, l[i]])));
}
const num = (r: Row, k: string) => Number(r[k]);


const G_A = [0, 1, 4.5, 9, 99, 99];
const G = (method: string, samples: number) => `export default w.defineSweep({
  name: "g",
  grid: { k: [6] },
  uncertain: Object.fromEntries(${JSON.stringify(G_A)}.map((_, i) => ["x" + (i + 1), { dist: w.uniform(0, 1) }])),
  model: {
    outputs: { g: "1" },
    evaluate: (x, { g }, rows) => {
      g.fill(1);
      ${JSON.stringify(G_A)}.forEach((a, i) => {
        const xi = x["x" + (i + 1)];
        for (let r = 0; r < rows; r++) g[r] *= (Math.abs(4 * xi[r] - 2) + a) / (1 + a);
      });
    },
  },
  method: "${method}",
  samples: ${samples},
  seed: 5,
});`;

describe("Sobol' indices through the engine", () => {
  it("Ishigami (user model, 2 workers, N = 4096): S1 and ST within 0.03 of the analytic values and inside their 95 % CIs; S2(x1, x3) too", async () => {
    await run(sweepFile(dir, "ishigami", ishigamiBody(4096, "{ a: [7], b: [0.1] }", "sensitivity: { secondOrder: true },")), "ish");
    const rows = readCsv("ish");
    const exact = ishigamiIndices(7, 0.1);
    expect(rows.map((r) => r.input)).toEqual(["x1", "x2", "x3"]);
    expect(exact.first.map((v) => v.toFixed(4))).toEqual(["0.3139", "0.4424", "0.0000"]);
    expect(exact.total.map((v) => v.toFixed(4))).toEqual(["0.5576", "0.4424", "0.2437"]);
    rows.forEach((r, i) => {
      expect(Math.abs(num(r, "s1") - exact.first[i])).toBeLessThan(0.03);
      expect(Math.abs(num(r, "st") - exact.total[i])).toBeLessThan(0.03);
      expect(num(r, "s1_low")).toBeLessThan(exact.first[i]);
      expect(num(r, "s1_high")).toBeGreaterThan(exact.first[i]);
      expect(num(r, "st_low")).toBeLessThan(exact.total[i]);
      expect(num(r, "st_high")).toBeGreaterThan(exact.total[i]);
    });
    const s2 = readCsv("ish", "indices_s2.csv");
    expect(s2.map((r) => `${r.inputA}-${r.inputB}`)).toEqual(["x1-x2", "x1-x3", "x2-x3"]);
    s2.forEach((r) => {
      const truth = exact.second(r.inputA === "x1" ? 0 : 1, r.inputB === "x2" ? 1 : 2);
      expect(Math.abs(num(r, "s2") - truth)).toBeLessThan(0.05);
      expect(num(r, "s2_low")).toBeLessThan(truth);
      expect(num(r, "s2_high")).toBeGreaterThan(truth);
    });
    const manifest = JSON.parse(readFileSync(join(dir, "ish", "manifest.json"), "utf8"));
    expect(manifest.counts.samplesPerPoint).toBe(4096 * 8);
    expect(manifest.sensitivity.method).toBe("sobol");
    expect(manifest.files.map((f: { name: string }) => f.name)).toContain("indices_s2.arrow");
    // the bar chart: inputs sorted by ST (x1 0.56, x2 0.44, x3 0.24), an ST and an S1 bar each
    const svg = readFileSync(join(dir, "ish", "indices_y.svg"), "utf8");
    expect(checkWellFormed(svg).filter((t) => t === "rect")).toHaveLength(1 + 3 * 2 + 1);
    expect([...svg.matchAll(/rotate\(30\)" text-anchor="start">(\w+)</g)].map((m) => m[1])).toEqual(["x1", "x2", "x3"]);
    const arrow = tableFromIPC(readFileSync(join(dir, "ish", "indices.arrow")));
    expect(arrow.schema.metadata.get("method")).toBe("sobol");
    expect(arrow.schema.fields.find((f) => f.name === "s1")!.metadata.get("unit")).toBe("1");
  });

  it("Sobol's G (k = 6, N = 4096): S1 and ST within 0.015 of the analytic values", async () => {
    await run(sweepFile(dir, "g", G("sobol", 4096)), "g");
    const exact = sobolGIndices(G_A);
    const rows = readCsv("g");
    expect(rows).toHaveLength(6);
    rows.forEach((r, i) => {
      expect(Math.abs(num(r, "s1") - exact.first[i])).toBeLessThan(0.015);
      expect(Math.abs(num(r, "st") - exact.total[i])).toBeLessThan(0.015);
      expect(num(r, "st_low")).toBeLessThan(exact.total[i]);
      expect(num(r, "st_high")).toBeGreaterThan(exact.total[i]);
    });
  });
});

describe("Morris through the engine", () => {
  it("ranks G's inputs by mu* in the analytic order (smaller a_i, larger effect); the two a = 99 inputs tie near 0", async () => {
    await run(sweepFile(dir, "gm", G("morris", 100)), "gm", { workers: 1 });
    const rows = readCsv("gm");
    const muStar = rows.map((r) => num(r, "mu_star"));
    for (let i = 0; i < 3; i++) expect(muStar[i]).toBeGreaterThan(muStar[i + 1]);
    expect(muStar[3]).toBeGreaterThan(5 * Math.max(muStar[4], muStar[5]));
    rows.forEach((r) => {
      expect(num(r, "mu_star_low")).toBeLessThanOrEqual(num(r, "mu_star"));
      expect(num(r, "mu_star_high")).toBeGreaterThanOrEqual(num(r, "mu_star"));
      expect(num(r, "mu_star")).toBeGreaterThanOrEqual(Math.abs(num(r, "mu")) - 1e-12);
    });
  });
});

describe("indices files", () => {
  // 3 values of a × 20 of c, a spanned by a derived ratio: blocks of 3 points, units of 51 points → 2 shards
  const file = sweepFile(dir, "det", ishigamiBody(256, "{ a: [5, 7, 9], b: [0.1], c: Array.from({ length: 20 }, (_, i) => i) }",
    `derived: { gain: w.ratio("y", { a: 9 }, { a: 5 }) }, sensitivity: { secondOrder: true, resamples: 200 },`));
  const bytes = (out: string, name: string) => readFileSync(join(dir, out, name));
  beforeAll(async () => {
    await run(file, "d1", { workers: 1 });
    await run(file, "d2", { workers: 2, chunkRows: 700 });
    // blocks of 3 × 2048 rows cut into sample ranges: reassembled by the coordinator, banded and their indices computed on a worker
    await run(file, "dsplit", { workers: 2, chunkRows: 150 });
    for (const k of [1, 2]) await run(file, `dshard${k}`, { workers: 1, shard: [k, 2] });
    await mergeShards([join(dir, "dshard2"), join(dir, "dshard1")], join(dir, "dmerged"));
  });

  it("are byte-identical for 1 and 2 workers, other chunks, and shards merged", () => {
    for (const name of ["indices.csv", "indices.arrow", "indices_s2.csv", "indices_s2.arrow", "bands.csv", "indices_y.svg", "indices_gain.svg"]) {
      const ref = bytes("d1", name);
      for (const other of ["d2", "dsplit", "dmerged"]) expect(bytes(other, name).equals(ref), `${other}/${name}`).toBe(true);
    }
    expect(JSON.parse(bytes("dshard2", "manifest.json").toString()).shard.points[0]).toBeGreaterThan(0);
    expect(JSON.parse(bytes("dsplit", "manifest.json").toString()).chunk).toEqual({ points: 3, samples: 50 });
  });

  it("hold one row per point × metric × input, and one per group for a derived metric", () => {
    const rows = readCsv("d1");
    expect(rows.filter((r) => r.metric === "y")).toHaveLength(60 * 3);
    const gain = rows.filter((r) => r.metric === "gain");
    expect(gain).toHaveLength(20 * 3);
    expect(new Set(gain.map((r) => r.a))).toEqual(new Set([""])); // null: the gain spans a
    expect(gain[0].unit).toBe("ratio");
    // grid keys typed as in bands.*: integer a and c int64, b float64; a null where the gain spans it
    const t = tableFromIPC(bytes("d1", "indices.arrow"));
    const field = (name: string) => t.schema.fields.find((f) => f.name === name)!;
    expect([field("a"), field("b"), field("c")].map((f) => [String(f.type), f.nullable])).toEqual([["Int64", true], ["Float64", false], ["Int64", false]]);
    const metric = t.getChild("metric")!.toArray() as string[];
    for (let r = 0; r < t.numRows; r++) {
      const a = t.getChild("a")!.get(r);
      if (metric[r] === "gain") expect(a).toBeNull();
      else expect([5n, 7n, 9n]).toContain(a);
    }
    expect(rows.filter((r) => r.metric === "y").map((r) => r.a).slice(0, 3)).toEqual(["5", "5", "5"]);
  });
});
