// End to end: `wattsweep paper` with the shipped studies writes the tables with bands, the
// three sweeps' bands, four well-formed SVG figures and a REPORT.md that links every figure
// and states numbers that independent calculations reproduce.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "../helpers.ts";
import { checkWellFormed } from "../calibrate/wellFormed.ts";
import { profileByName, singleGpuPoint } from "../../src/model/index.ts";
import { published } from "../../src/paper/published.ts";
import { table3Rows } from "../../src/paper/table3.ts";
import { MONTE_CARLO_DEFAULTS } from "../../src/paper/studies/monteCarlo.ts";
import { independentSlope, ROOT, tempDir } from "./helpers.ts";

const out = join(tempDir(), "paper");
const H200 = join(ROOT, "test/fixtures/measurements/synthetic-h200-context-sweep-at-max-concurrency.csv");
const H200_COLUMNS = "context=context_tokens,concurrency=max_concurrency,tok_s=node_decode_tok_s,power=per_gpu_power_w,gpus=gpus";
let stdout = "";
let report = "";

beforeAll(async () => {
  const r = await cli(["paper", "--out", out, "--measured", H200, "--columns", H200_COLUMNS, "--measured-profile", "h200-computed"]);
  expect(r.code, r.stderr).toBe(0);
  stdout = r.stdout;
  report = readFileSync(join(out, "REPORT.md"), "utf8");
}, 120_000);

const alpha = (profile: string, beta: number, from: number, to: number) => {
  const ctx: number[] = [];
  for (let c = from; c <= to; c *= 2) ctx.push(c);
  return -independentSlope(ctx, ctx.map((c) => singleGpuPoint(profileByName(profile), c, { beta }).tokPerW));
};

describe("wattsweep paper with the studies", () => {
  it("writes the tables, the tables with bands, the three studies and the figures", () => {
    expect(stdout).toMatch(/studies \(referee-power-kv [\d.]+ s, referee-montecarlo [\d.]+ s, sampler-noise [\d.]+ s, referee-sensitivity [\d.]+ s, referee-sensitivity-alpha [\d.]+ s\)/);
    for (const name of ["table1", "table2", "table3", "table4", "table5", "table1_bands", "table3_bands", "alpha", "gains"]) {
      expect(existsSync(join(out, `${name}.csv`)), name).toBe(true);
      expect(existsSync(join(out, `${name}.arrow`)), name).toBe(true);
      expect(existsSync(join(out, `${name}.parquet`)), name).toBe(true);
    }
    for (const study of ["referee-power-kv", "referee-montecarlo", "sampler-noise"]) {
      expect(readdirSync(join(out, study)).sort()).toEqual(["bands.arrow", "bands.csv", "bands.parquet", "manifest.json"]);
    }
  });

  it("every column of every CSV and Arrow file is snake_case, and no CSV cell says NaN (a missing value is an empty cell)", () => {
    const files = readdirSync(out, { recursive: true, encoding: "utf8" }).filter((f) => /\.(csv|arrow)$/.test(f));
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) {
      const bytes = readFileSync(join(out, f));
      const names = f.endsWith(".csv") ? bytes.toString("utf8").split("\n")[0].split(",") : tableFromIPC(bytes).schema.fields.map((x) => x.name);
      for (const name of names) expect(name, `${f}: column ${name}`).toMatch(/^[a-z][a-z0-9_]*$/);
      if (f.endsWith(".csv")) expect(bytes.toString("utf8"), f).not.toMatch(/(^|,)NaN(,|$)/m);
    }
  });

  it("every figure is well-formed SVG with a title, labelled axes and a legend, and REPORT.md links it", () => {
    const figures = readdirSync(join(out, "figures")).sort();
    expect(figures).toEqual(["alpha-vs-beta.svg", "gain-distributions.svg", "measured-vs-model-1.svg", "table3-seed-noise.svg",
      "tokw-vs-context.svg"]);
    for (const f of figures) {
      const svg = readFileSync(join(out, "figures", f), "utf8");
      const tags = checkWellFormed(svg);
      expect(tags[0]).toBe("svg");
      expect(tags.filter((t) => t === "text").length, f).toBeGreaterThan(8);
      expect(report).toContain(`](figures/${f})`);
    }
    expect(readFileSync(join(out, "figures/tokw-vs-context.svg"), "utf8")).toContain("1/context reference (slope −1");
  });

  it("REPORT.md states alpha, the verdict on [0.85, 1.0] and its direction as computed directly", () => {
    const claim = published().headline_claims.rebuttal_alpha_range_with_power_kv_correlation as number[];
    const h100 = alpha("h100-80gb", 0, 4096, 65536);
    expect(report).toContain(`| H100 | 0 | ${h100.toFixed(3)} [`);
    expect(report).toContain(`| B200 v2 (power anchored at batch 1) | 0.2 | ${alpha("b200-measured", 0.2, 4096, 65536).toFixed(3)} [`);
    // judged on the profiles the claim was made for (H100, B200 v1); v2 is an extension
    const v1 = Math.max(alpha("b200-projected", 0.2, 2048, 131072), alpha("b200-projected", 0.2, 4096, 65536));
    const outside = Number(v1.toFixed(2)) > claim[1];
    expect(report).toContain(`**Verdict** on the profiles it was made for (H100, B200 v1 (projected)): the rebuttal's ` +
      `[${claim[0]}, ${claim[1]}] ${outside ? "**does not hold**" : "**holds**"}`);
    expect(report).toMatch(/Extension, not claimed: B200 v2 \(power anchored at batch 1\) (stays inside|leaves it from beta = [\d.]+)/);
    expect(report).toContain(`KV-correlated power ${alpha("h100-80gb", 0.2, 4096, 65536) > h100 ? "raises" : "lowers"} alpha`);
  });

  it("REPORT.md puts every Table 3 cell's exact value and seed 42 value beside the published digit", () => {
    const exact = table3Rows({ revision: "v1", sampler: "exact", seed: 42 });
    const seed42 = table3Rows({ revision: "v1", sampler: "reference", seed: 42 });
    for (const [i, r] of exact.entries()) {
      const p = published().table3.rows.find((x) => x[0] === r.workload && x[2] === r.topology && x[3] === r.gpu)!;
      expect(report).toContain(`| ${r.workload} ${r.gpu} ${r.topology} | fleet_tok_per_w | ${r.fleet_tok_per_w.toFixed(3)} | ` +
        `${seed42[i].fleet_tok_per_w.toFixed(3)} | ${p[6]} |`);
    }
    expect(report).toMatch(/seed 42 reproduces (\d+) of \1 published digits/);
    // table3_bands: one row per cell, in the paper's order, with the exact value and the seed band around seed 42
    const lines = readFileSync(join(out, "table3_bands.csv"), "utf8").trim().split("\n").map((l) => l.split(","));
    const col = (name: string) => lines[0].indexOf(name);
    expect(lines).toHaveLength(exact.length + 1);
    for (const [i, r] of exact.entries()) {
      const row = lines[i + 1];
      expect([row[col("workload")], row[col("topology")], row[col("gpu")]]).toEqual([r.workload, r.topology, r.gpu]);
      expect(Number(row[col("fleet_tok_per_w_exact")])).toBe(r.fleet_tok_per_w);
      expect(Number(row[col("total_gpus_seed42")])).toBe(seed42[i].total_gpus);
      expect(Number(row[col("fleet_tok_per_w_seed_min")])).toBeLessThanOrEqual(seed42[i].fleet_tok_per_w);
      expect(Number(row[col("fleet_tok_per_w_seed_max")])).toBeGreaterThanOrEqual(seed42[i].fleet_tok_per_w);
      expect(Number(row[col("fleet_tok_per_w_mc_independent_p5")])).toBeLessThanOrEqual(Number(row[col("fleet_tok_per_w_mc_independent_p95")]));
    }
  });

  it("REPORT.md gives the combined gain's p5/p50/p95 and the routing-dominant fraction against the rebuttal", () => {
    const claims = published().headline_claims;
    const range = claims.rebuttal_combined_gain_range_mc as number[];
    expect(report).toContain(`in ${range[0]}–${range[1]}×`);
    const gains = readFileSync(join(out, "gains.csv"), "utf8").trim().split("\n");
    const header = gains[0].split(",");
    const row = gains.map((l) => l.split(",")).find((c) => c[0] === "azure" && c[1] === "independent" && c[2] === "latency" && c[3] === "combined")!;
    const get = (name: string) => Number(row[header.indexOf(name)]);
    expect(get("p5")).toBeLessThan(get("p50"));
    expect(get("p50")).toBeLessThan(get("p95"));
    expect(report).toContain(`| azure | yes | independent | latency | ${get("p5").toFixed(2)}–${get("p95").toFixed(2)}× |`);
    expect(report).toContain(`${(get("routing_dominant") * 100).toFixed(1)} %`);
    expect(report).toContain(`${MONTE_CARLO_DEFAULTS.samples} samples per grid point × 48 grid points`);
  });

  it("at a glance: the azure claims under both readings of the B200 uncertainty, lmsys_multiturn not claimed, v2's 5.76× against the v1 band", () => {
    const gains = readFileSync(join(out, "gains.csv"), "utf8").trim().split("\n").map((l) => l.split(","));
    const header = gains[0];
    const p95 = (reading: string) => Number(gains.find((c) => c[0] === "azure" && c[1] === "independent" && c[2] === reading &&
      c[3] === "combined")![header.indexOf("p95")]);
    const glance = report.slice(report.indexOf("## Claims at a glance"), report.indexOf("## Model vs measurement"));
    expect(glance).toMatch(/\*\*How claims are judged\*\* \(stated once for the whole report\)/);
    for (const reading of ["latency", "power"]) {
      const holds = Number(p95(reading).toFixed(1)) <= 5.4;
      expect(glance).toContain(`B200 uncertainty on ${reading}: ${holds ? "holds (independent" : "does not hold (independent:"}`);
    }
    expect(glance).toMatch(/\| extension \| the same Monte Carlo on lmsys_multiturn \| not claimed \|/);
    expect(glance).toMatch(/\| paper v2 \| combined gain 5\.76× \(B200 v2 \(power anchored at batch 1\)\) \| azure \| v2 seed 42 5\.760; /);
    expect(glance).toContain("outside the v1 Monte Carlo band");
    expect(report.match(/How claims are judged/g)!.length).toBeGreaterThanOrEqual(1);
    expect(report).not.toMatch(/compared at the claim's/);
  });

  it("the model-vs-measurement section: measured tok/W, coverage, measured alpha with its interval beside the model's", () => {
    const section = report.slice(report.indexOf("## Model vs measurement"), report.indexOf("## 1. KV-correlated power"));
    const rows = readFileSync(H200, "utf8").trim().split("\n").slice(1).map((l) => l.split(",").map(Number));
    const p = profileByName("h200-computed");
    const tpw = rows.map((r) => r[2] / r[3]);
    const inside = rows.filter((r, i) => Math.abs(tpw[i] / singleGpuPoint(p, r[0]).tokPerW - 1) <= 0.2).length;
    expect(section).toContain(`**Coverage:** tok/W inside the model's band at ${inside} of ${rows.length} contexts`);
    expect(section).toContain(`| 2K | 2001 | 176 | ${tpw[0].toFixed(3)} | ${singleGpuPoint(p, 2048).tokPerW.toFixed(3)} [`);
    const ctx = rows.map((r) => r[0]);
    expect(section).toContain(`| 2K-128K | ${(-independentSlope(ctx, tpw)).toFixed(3)} [`);
    expect(section).toMatch(/\*\*Warning:\*\* the measured concurrency exceeds the model's KV capacity/);
    expect(section).toContain("](figures/measured-vs-model-1.svg)");
  });
});
