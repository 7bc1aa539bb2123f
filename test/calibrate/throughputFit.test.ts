import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fitThroughput, kvBlocksInterval, type SweepPoint } from "../../src/calibrate/index.ts";
import { iterLatency, MANUAL_PROFILES, nSlots } from "../../src/model/index.ts";

const FIXTURE = new URL("../fixtures/measurements/synthetic-h100-context-sweep.csv", import.meta.url);
const H100 = MANUAL_PROFILES["h100-80gb"]; // the generator: W 0.004 s, H 0.00032 s, kvBlocks 65536
const STATED_NOISE = 0.03; // the README: 3 % Gaussian noise on throughput

function synthetic(): SweepPoint[] {
  return readFileSync(FIXTURE, "utf8").trim().split("\n").slice(1).map((l, i) => {
    const [ctx, nMax, tokS] = l.split(",").map(Number);
    return { ctx, nMax, tokS, line: i + 2 };
  });
}

/** Exact model throughput at n sequences below or at n_max: a sweep that does separate W and H. */
function exactPoints(ns: number[], ctx: number): SweepPoint[] {
  return ns.map((n, i) => ({ ctx, nMax: n, tokS: n / iterLatency(H100, n, Math.floor(ctx / 2)), line: i + 2 }));
}

describe("W and H from a context sweep", () => {
  it("sees that a capacity-bound sweep fixes only W + load·H, and recovers that within the noise", () => {
    const fit = fitThroughput(synthetic(), 8192);
    // every point has n_max·ctx = 2^20, so the load n·(ctx/2)/Lcal is 64 everywhere
    expect(fit.W).toBeUndefined();
    expect(fit.H).toBeUndefined();
    const c = fit.combination!;
    expect(c.load).toBe(64);
    // Tolerance: 3 standard errors, scaled up to the stated 3 % noise if the fit's own
    // scatter from 7 points comes out lower.
    const truth = H100.W + 64 * H100.H;
    expect(Math.abs(c.value - truth)).toBeLessThanOrEqual(3 * c.stderr * Math.max(1, STATED_NOISE / fit.sigma));
  });

  it("with W fixed, recovers H within the noise", () => {
    const fit = fitThroughput(synthetic(), 8192, { W: H100.W });
    expect(fit.W).toMatchObject({ value: H100.W, fixed: true, stderr: 0 });
    const h = fit.H!;
    expect(Math.abs(h.value - H100.H)).toBeLessThanOrEqual(3 * h.stderr * Math.max(1, STATED_NOISE / fit.sigma));
    // W fixed: the combination's error is all H's, times the load
    expect(fit.combination!.stderr).toBeCloseTo(64 * h.stderr, 15);
  });

  it("separates W and H exactly when the loads differ (noise-free points below n_max)", () => {
    const fit = fitThroughput(exactPoints([1, 4, 16, 64, 128], 8192), 8192);
    expect(fit.W!.value).toBeCloseTo(H100.W, 12);
    expect(fit.H!.value).toBeCloseTo(H100.H, 14);
    expect(fit.combination).toBeUndefined();
    for (const p of fit.points) expect(Math.abs(p.relResidual)).toBeLessThan(1e-9);
  });

  it("weights by 1/iter², so a 3 % error on a fast point counts like 3 % on a slow one", () => {
    const pts = exactPoints([1, 2, 4, 8, 16, 32, 64, 128], 8192);
    // +10 % throughput on the slowest (largest-batch) point only
    const bumped = pts.map((p, i) => (i === pts.length - 1 ? { ...p, tokS: p.tokS * 1.1 } : p));
    const fit = fitThroughput(bumped, 8192);
    const residuals = fit.points.map((p) => Math.abs(p.relResidual));
    // the bumped point keeps most of its 10 % as residual instead of dragging H
    expect(residuals[pts.length - 1]).toBeGreaterThan(0.05);
    expect(Math.max(...residuals.slice(0, -1))).toBeLessThan(0.05);
  });

  it("needs one more point than the parameters it fits", () => {
    expect(() => fitThroughput(exactPoints([1, 64], 8192), 8192, {}, "s.csv")).toThrow(/s\.csv: fitting W and H needs at least 3 points.*got 2/);
    expect(() => fitThroughput(synthetic(), 8192, { W: 0.004, H: 0.0003 })).toThrow(/not both/);
  });
});

describe("kvBlocks behind n_max", () => {
  it("is an interval that contains the generator's 65536 and reproduces every n_max", () => {
    const kv = kvBlocksInterval(synthetic(), 16, 8192, undefined);
    expect(kv.lo).toBeLessThanOrEqual(H100.kvBlocks);
    expect(kv.hi).toBeGreaterThanOrEqual(H100.kvBlocks);
    // both ends reproduce the measured n_max at every context
    for (const kvBlocks of [kv.lo, kv.hi]) {
      for (const p of synthetic()) expect(nSlots({ ...H100, kvBlocks }, p.ctx)).toBe(p.nMax);
    }
    // and one block beyond either end does not
    for (const kvBlocks of [kv.lo - 1, kv.hi + 1]) {
      expect(synthetic().some((p) => nSlots({ ...H100, kvBlocks }, p.ctx) !== p.nMax)).toBe(true);
    }
    expect([kv.lo, kv.hi]).toEqual([65536, 65663]);
  });

  it("only bounds from below where the slot cap binds", () => {
    // maxSlots 256 at Lcal 8192: at ctx 1024 the cap is 2048 sequences; KV (65536 blocks) allows 1024
    const capped = kvBlocksInterval([{ ctx: 1024, nMax: 1024, tokS: 1, line: 2 }], 16, 8192, 128);
    expect(capped).toMatchObject({ lo: 65536, hi: Infinity });
  });

  it("names the conflicting lines when no capacity fits", () => {
    const pts = [{ ctx: 2048, nMax: 512, tokS: 1, line: 2 }, { ctx: 4096, nMax: 300, tokS: 1, line: 3 }];
    expect(() => kvBlocksInterval(pts, 16, 8192, undefined, "s.csv")).toThrow(/s\.csv: no KV capacity fits every n_max: line 3 needs kvBlocks >= 76800, line 2 needs kvBlocks <= 65663/);
    expect(() => kvBlocksInterval([{ ctx: 2048, nMax: 2.5, tokS: 1, line: 4 }], 16, 8192, undefined, "s.csv")).toThrow(/line 4: n_max = 2.5/);
    expect(() => kvBlocksInterval([{ ctx: 2048, nMax: 2000, tokS: 1, line: 5 }], 16, 8192, 256, "s.csv")).toThrow(/exceeds the slot cap/);
  });
});
