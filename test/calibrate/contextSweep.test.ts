// validate for a context sweep at the server's concurrency: coverage, the n_max ratio, the
// capacity warning, measured vs model alpha, band sweeps at the same concurrency, --json,
// and one-line errors for bad files. Known answers: the reference planner's Table 1, and
// synthetic files whose deviations from the model are set by hand.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_ALPHA_RANGES } from "../../src/calibrate/alpha.ts";
import { readContextSweep } from "../../src/calibrate/contextSweep.ts";
import { runSweepValidation, type SweepValidateOptions } from "../../src/calibrate/validateSweepFile.ts";
import { validateCommand } from "../../src/cli/validate.ts";
import { sweepValidationJson, writeSweepValidationFiles } from "../../src/cli/validateSweep.ts";
import { InputError } from "../../src/errors.ts";
import { iterLatency, nSlots, powerAt, profileByName, singleGpuPoint } from "../../src/model/index.ts";
import { fixture, runCli } from "../helpers.ts";
import { independentSlope } from "../studies/helpers.ts";
import { COLUMNS, HEADER } from "./contextSweepSynthetic.ts";
import { checkWellFormed } from "./wellFormed.ts";

const dir = mkdtempSync(join(tmpdir(), "wattsweep-ctxsweep-"));
const H200 = new URL("../fixtures/measurements/synthetic-h200-context-sweep-at-max-concurrency.csv", import.meta.url).pathname;
const H200_COLUMNS = "context=context_tokens,concurrency=max_concurrency,tok_s=node_decode_tok_s,power=per_gpu_power_w,gpus=gpus";
const CTX = [2048, 4096, 8192, 16384, 32768, 65536, 131072];
const h100 = profileByName("h100-80gb");

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Noise-free rows of the H100 profile at concurrency n(ctx), tok/s times tokFactor[i]. */
function h100Csv(name: string, n: (ctx: number) => number, tokFactor: number[] = CTX.map(() => 1)): string {
  const rows = CTX.map((ctx, i) => {
    const k = n(ctx);
    const lbar = Math.floor(ctx / 2);
    return `${ctx},${k},${(k / iterLatency(h100, k, lbar)) * tokFactor[i]},${powerAt(h100, k, lbar)},8,x`;
  });
  return file(name, [HEADER, ...rows].join("\n") + "\n");
}

const options = (measured: string, o: Partial<SweepValidateOptions> = {}): SweepValidateOptions => ({
  profile: "h100-80gb", measured, mapping: Object.fromEntries(COLUMNS.split(",").map((kv) => kv.split("="))),
  powerUncertainty: 0.2, throughputUncertainty: 0.2, tokPerWUncertainty: 0.2, alphaRanges: DEFAULT_ALPHA_RANGES, ...o,
});

describe("validate: a context sweep at the server's concurrency", () => {
  it("the model at its n_max is the reference planner's Table 1 (H100)", async () => {
    const r = await runSweepValidation(options(h100Csv("nmax.csv", (c) => nSlots(h100, c))));
    const ref = fixture("reference-v1.json").table1 as Array<{ ctx: number; H100: { n_max: number; tok_s: number; power_w: number; tok_per_w: number } }>;
    for (const row of r.validation.rows) {
      const t = ref.find((x) => x.ctx === row.context)!.H100;
      expect(row.atNMax.model.n).toBe(t.n_max);
      expect(row.atNMax.model.tok_per_w).toBeCloseTo(t.tok_per_w, 10);
      expect(row.atNMax.model.tok_s).toBeCloseTo(t.tok_s, 6);
      expect(row.nRatio).toBe(1);
    }
    expect(r.warnings).toEqual([]);
  });

  it("coverage counts the rows inside each band: tok/W ±20 %, tok/s from W, H ±20 %, power ±20 %", async () => {
    // tok/s (so tok/W) off by these factors; power exact. tok/W band [0.8, 1.2]; tok/s band [1/1.2, 1/0.8]
    const f = [1.0, 1.15, 1.19, 1.21, 0.85, 0.79, 0.82];
    const r = await runSweepValidation(options(h100Csv("cov.csv", (c) => nSlots(h100, c), f)));
    const inside = (lo: number, hi: number) => f.filter((x) => x >= lo && x <= hi).length;
    expect(r.validation.coverage.tok_per_w).toEqual({ inside: inside(0.8, 1.2), total: 7 });
    expect(r.validation.coverage.tok_s).toEqual({ inside: inside(1 / 1.2, 1 / 0.8), total: 7 });
    expect(r.validation.coverage.power_w).toEqual({ inside: 7, total: 7 });
    expect(inside(0.8, 1.2)).toBe(5);
    expect(inside(1 / 1.2, 1 / 0.8)).toBe(5);
  });

  it("the n_max ratio and the warning when the server ran more sequences than the model's KV capacity", async () => {
    const over = await runSweepValidation(options(h100Csv("over.csv", (c) => 2 * nSlots(h100, c))));
    expect(over.validation.nRatio).toEqual({ min: 2, max: 2 });
    expect(over.validation.rows.every((x) => x.exceedsCapacity)).toBe(true);
    expect(over.warnings).toHaveLength(1);
    expect(over.warnings[0]).toMatch(/^the measured concurrency exceeds the model's KV capacity \(n_max\) at 7 of 7 rows \(2K 1024 > 512, /);
    // the model at the measured concurrency is the model at n = 2·n_max, not at its n_max
    const row = over.validation.rows[0];
    expect(row.atMeasuredN.model.tok_s).toBeCloseTo(1024 / iterLatency(h100, 1024, 1024), 9);
    const under = await runSweepValidation(options(h100Csv("under.csv", (c) => nSlots(h100, c) / 2)));
    expect(under.validation.nRatio).toEqual({ min: 0.5, max: 0.5 });
    expect(under.warnings).toEqual([]);
  });

  it("measured alpha on noise-free data at n_max is the model's alpha over the same contexts", async () => {
    const r = await runSweepValidation(options(h100Csv("alpha.csv", (c) => nSlots(h100, c))));
    const a = r.validation.alpha;
    expect(a.measured.map((x) => x.range.label)).toEqual(["4K-64K", "2K-128K"]);
    for (let i = 0; i < 2; i++) {
      expect(a.measured[i].value).toBeCloseTo(a.model[i].value, 12);
      expect(a.model[i].ci95).toBeNull();
      const ctx = a.measured[i].contexts;
      expect(a.model[i].value).toBeCloseTo(-independentSlope(ctx, ctx.map((c) => singleGpuPoint(h100, c).tokPerW)), 12);
    }
  });

  it("the H200 file against the first-principles H200: tok/W, coverage and alpha as computed independently", async () => {
    const r = await runSweepValidation({ ...options(H200), profile: "h200-computed",
      mapping: Object.fromEntries(H200_COLUMNS.split(",").map((kv) => kv.split("="))) });
    const rows = (await import("node:fs")).readFileSync(H200, "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
    const p = profileByName("h200-computed");
    const measured = rows.map((c) => Number(c[2]) / Number(c[3]));
    const model = rows.map((c) => singleGpuPoint(p, Number(c[0])).tokPerW);
    expect(r.validation.rows.map((x) => x.measured.tok_per_w)).toEqual(measured);
    expect(r.validation.coverage.tok_per_w.inside).toBe(measured.filter((m, i) => m >= 0.8 * model[i] && m <= 1.2 * model[i]).length);
    expect(r.validation.nRatio.min).toBeCloseTo(Math.min(...rows.map((c) => Number(c[1]) / nSlots(p, Number(c[0])))), 12);
    expect(r.warnings[0]).toMatch(/at 7 of 7 rows/);
    const ctx = rows.map((c) => Number(c[0]));
    expect(r.validation.alpha.measured[1].value).toBeCloseTo(-independentSlope(ctx, measured), 12);
    expect(r.validation.rows[0].gpus).toBe(8);
  });

  it("--band-sweep: p5…p95 of the sweep's samples at the same concurrency as the model value", async () => {
    const sweep = new URL("./power-band.sweep.ts", import.meta.url).pathname;
    const r = await runSweepValidation(options(h100Csv("band.csv", (c) => 2 * nSlots(h100, c)), { bandSweep: sweep }));
    expect(r.band).toMatch(/p5…p95 of sweep .*power-band\.sweep\.ts \(2000 samples\) at the same concurrency/);
    for (const row of r.validation.rows) {
      for (const at of [row.atNMax, row.atMeasuredN]) {
        // power ×U(0.8, 1.2): p5 and p95 are 0.82 and 1.18 of the model's (Latin hypercube: within 0.1 %)
        expect(at.band.power_w[0] / at.model.power_w).toBeCloseTo(0.82, 3);
        expect(at.band.power_w[1] / at.model.power_w).toBeCloseTo(1.18, 3);
        expect(at.band.tok_s[0]).toBeCloseTo(at.model.tok_s, 8);
        expect(at.band.tok_s[1]).toBeCloseTo(at.model.tok_s, 8);
        // the p95 of tok/s ÷ power is tok/s ÷ p5 of power, up to the interpolation between order statistics
        expect(Math.abs((at.band.tok_per_w[1] * at.band.power_w[0]) / at.model.tok_s - 1)).toBeLessThan(1e-6);
      }
      expect(row.atMeasuredN.model.n).toBe(2 * row.atNMax.model.n);
    }
  });

  it("--json: rows, coverage, n_ratio and alpha keyed by range, through the command handler", async () => {
    let out = "";
    const io = { stdout: { write: (text: string) => (out += text) }, stderr: { write: () => true } };
    await validateCommand.handler({ profile: "h200-computed", measured: H200, columns: H200_COLUMNS, "power-uncertainty": 0.2,
      "throughput-uncertainty": 0.2, "tok-per-w-uncertainty": 0.2, "alpha-ranges": DEFAULT_ALPHA_RANGES, json: true, io } as never);
    const doc = JSON.parse(out);
    expect(doc.rows).toHaveLength(7);
    expect(Object.keys(doc.rows[0].measured).sort()).toEqual(["n", "power_w", "tok_per_j_instance", "tok_per_w", "tok_s"]);
    expect(doc.rows[0].model).toMatchObject({ n: 176 });
    expect(doc.rows[0].model_at_measured_n.n).toBe(2001);
    expect(doc.coverage.tok_per_w).toMatchObject({ total: 7, at: "model n_max" });
    expect(doc.coverage.power_w.at).toBe("measured concurrency");
    expect(doc.n_ratio.min).toBeLessThan(doc.n_ratio.max);
    const a = doc.alpha.measured["4K-64K"];
    expect(a.ci95[0]).toBeLessThan(a.value);
    expect(a.ci95[1]).toBeGreaterThan(a.value);
    expect(doc.alpha.model["2K-128K"].value).toBeGreaterThan(0);
  });

  it("--out: per-row and alpha tables (CSV, Arrow) and three well-formed figures", async () => {
    const r = await runSweepValidation(options(h100Csv("files.csv", (c) => nSlots(h100, c))));
    const out = join(dir, "out");
    await writeSweepValidationFiles(out, r);
    expect(readdirSync(out).sort()).toEqual(["validate-power.svg", "validate-throughput.svg", "validate-tokw.svg", "validate.arrow",
      "validate.csv", "validate_alpha.arrow", "validate_alpha.csv"]);
    const csv = readFileSync(join(out, "validate.csv"), "utf8").trim().split("\n");
    expect(csv).toHaveLength(8);
    expect(csv[0]).toMatch(/^line,context,n,n_max,n_ratio,measured_tok_per_w,measured_tok_s,measured_power_w,model_nmax_tok_per_w,model_nmax_tok_per_w_lo,/);
    expect(readFileSync(join(out, "validate_alpha.csv"), "utf8").split("\n")[0]).toBe("range,kind,alpha,stderr,ci95_lo,ci95_hi,points");
    for (const f of ["validate-tokw.svg", "validate-throughput.svg", "validate-power.svg"]) {
      expect(checkWellFormed(readFileSync(join(out, f), "utf8"))[0]).toBe("svg");
    }
  });

  it("sweepValidationJson has no NaN: values without an estimate are null", async () => {
    const r = await runSweepValidation(options(h100Csv("two.csv", (c) => nSlots(h100, c)), { alphaRanges: "128K-256K" }));
    const doc = sweepValidationJson(r);
    expect(doc.alpha.measured["128K-256K"]).toMatchObject({ value: null, ci95: null });
    expect(JSON.stringify(doc)).not.toMatch(/NaN/);
  });
});

describe("validate: bad context sweeps are one-line errors naming file, field and value", () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ["a missing column", "context_tokens,max_concurrency,node_decode_tok_s,gpus,notes\n2048,10,100,8,x\n4096,5,50,8,x\n", COLUMNS,
      /missing column "per_gpu_power_w" \(power: per-GPU power in W\)/],
    ["one context", `${HEADER}\n8192,10,100,500,8,x\n8192,11,105,505,8,x\n`, COLUMNS,
      /every row is at context 8192 \(column "context_tokens"\): a context sweep needs at least two context windows/],
    ["zero concurrency", `${HEADER}\n8192,0,100,500,8,x\n4096,11,105,505,8,x\n`, COLUMNS,
      /line 2, column "max_concurrency" = 0: out of range, concurrent sequences the server ran at that context must be > 0/],
    ["negative power", `${HEADER}\n8192,10,100,-5,8,x\n4096,11,105,505,8,x\n`, COLUMNS,
      /line 2, column "per_gpu_power_w" = -5: negative, per-GPU power in W must be > 0/],
    ["a fractional GPU count", `${HEADER}\n8192,10,100,500,7.5,x\n4096,11,105,505,8,x\n`, COLUMNS,
      /line 2, column "gpus" = 7\.5: GPUs must be a whole number/],
  ];
  for (const [what, text, columns, message] of cases) {
    it(what, async () => {
      const path = file(`${what.replace(/ /g, "_")}.csv`, text);
      const mapping = Object.fromEntries(columns.split(",").map((kv) => kv.split("=")));
      const err = await readContextSweep(path, mapping).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message.startsWith(path)).toBe(true);
      expect((err as Error).message).not.toMatch(/\n/);
    });
  }

  it("gpus=N gives every row N GPUs", async () => {
    const path = file("const.csv", "ctx,conc,tok,w\n2048,10,100,500\n4096,5,60,490\n");
    const s = await readContextSweep(path, { context: "ctx", concurrency: "conc", tok_s: "tok", power: "w", gpus: "4" });
    expect(s.rows.map((r) => r.gpus)).toEqual([4, 4]);
    expect(s.columns.gpus).toBe("4 (constant)");
  });

  it("the command exits 2 with one line on stderr", () => {
    const path = file("cli-one-context.csv", `${HEADER}\n8192,10,100,500,8,x\n`);
    const r = runCli(["validate", "--profile", "h100-80gb", "--measured", path, "--columns", COLUMNS, "--json"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/a context sweep needs at least two context windows/);
  });
});
