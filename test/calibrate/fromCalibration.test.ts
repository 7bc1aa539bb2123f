// fromCalibration: a calibrated profile's estimates and standard errors as a sweep's
// uncertain parameters. The sweep's band on tok/s then has the width the standard errors
// imply (delta method: p95 − p5 = 2 · 1.645 · sd), and twice the errors give twice the width.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fromCalibration } from "../../src/index.ts";
import { writeProfileFile } from "../../src/model/index.ts";
import { BAND_STATS } from "../../src/stats/bands.ts";
import { computeChunk } from "../../src/execute/chunk.ts";
import { planSweep } from "../../src/sweep/index.ts";
import { truthProfile } from "./contextSweepSynthetic.ts";

const dir = mkdtempSync(join(tmpdir(), "wattsweep-fromcal-"));
const p = truthProfile();
const CTX = 8192;

/** A calibrated profile file whose W and H carry these standard errors; the power curve is pinned or fixed. */
function calibrated(name: string, seW: number, seH: number): string {
  const path = join(dir, `${name}.json`);
  writeProfileFile(path, p, {
    throughput: { params: [{ name: "W", value: p.W, stderr: seW, unit: "s" }, { name: "H", value: p.H, stderr: seH, unit: "s" }] },
    power: { params: [{ name: "P_idle", value: 300, stderr: 0, unit: "W", fixed: true }, { name: "P_nom", value: 700, stderr: 5, unit: "W" }] },
  });
  return path;
}

/** p95 − p5 of tok/s at CTX over a 4000-sample Latin hypercube of fromCalibration(file, W and H only). */
function tokSWidth(file: string): number {
  const plan = planSweep({
    name: "fromcal", grid: { ctx: [CTX], gpu: { kind: "profile", values: [file] } },
    uncertain: fromCalibration(file, { params: ["W", "H"] }), samples: 4000, method: "latinHypercube", seed: 9, metrics: ["tok_s"],
  }, "test");
  const { bands } = computeChunk(plan, plan.evaluator.runner(plan), 0, 1, false);
  return bands[BAND_STATS.indexOf("p95")] - bands[BAND_STATS.indexOf("p5")];
}

describe("fromCalibration", () => {
  it("normal(estimate, stderr) on every estimated parameter, set and shared; fixed ones left out", () => {
    const u = fromCalibration(calibrated("all", 0.0003, 2e-6));
    expect(Object.keys(u)).toEqual(["calibrated_w", "calibrated_h", "calibrated_p_nom"]);
    expect(u.calibrated_w).toEqual({ target: "w", dist: { kind: "normal", mean: p.W, sd: 0.0003 }, apply: "set", vary: "shared" });
    expect(u.calibrated_p_nom.dist).toEqual({ kind: "normal", mean: 700, sd: 5 });
  });

  it("the band on tok/s follows the standard errors (delta method), and doubles with them", () => {
    const [seW, seH] = [0.0003, 2e-6];
    const n = Math.min(p.maxSlots, Math.floor(p.kvBlocks / (CTX / 16)));
    const load = (n * CTX) / 2 / p.Lcal;
    const iter = p.W + p.H * load;
    // tok/s = n / iter: d/dW = −n/iter², d/dH = −n·load/iter²
    const sd = (n / iter ** 2) * Math.sqrt(seW ** 2 + (load * seH) ** 2);
    const width = tokSWidth(calibrated("one", seW, seH));
    expect(Math.abs(width / (2 * 1.6448536 * sd) - 1)).toBeLessThan(0.03);
    expect(tokSWidth(calibrated("two", 2 * seW, 2 * seH)) / width).toBeCloseTo(2, 1);
  });

  it("one-line errors: no calibration block, an unknown or unestimated parameter, a normal that reaches below zero", () => {
    const plain = join(dir, "plain.json");
    writeProfileFile(plain, p);
    expect(() => fromCalibration(plain)).toThrow(/fromCalibration\(.*plain\.json\): no calibration block/);
    const file = calibrated("bad", 0.004, 2e-6);
    expect(() => fromCalibration(file, { params: ["Q"] })).toThrow(/params: "Q" is not a calibrated parameter; valid: W, H, P_idle, P_nom/);
    expect(() => fromCalibration(file, { params: ["P_idle"] })).toThrow(/P_idle was not estimated/);
    expect(() => fromCalibration(file)).toThrow(/W = 0\.006 ± 0\.004: a normal draw would be negative in 6\.7 % of samples; leave it out with params: \["H", "P_nom"\]/);
  });
});
