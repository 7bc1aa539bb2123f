import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fitPowerCurve, MIN_DISTINCT_BATCHES, MIN_POWER_POINTS, type PowerPoint } from "../../src/calibrate/index.ts";
import { InputError } from "../../src/errors.ts";
import { logisticPower, MANUAL_PROFILES } from "../../src/model/index.ts";

const FIXTURE = new URL("../fixtures/measurements/synthetic-h100-power-vs-batch.csv", import.meta.url);
const TRUTH = [300, 600, 1.0, 4.2]; // H100-80GB: P_idle, P_nom, k, x0 (the generator's profile)
const STATED_NOISE = 0.02; // the README: 2 % Gaussian noise on power

function synthetic(): PowerPoint[] {
  const lines = readFileSync(FIXTURE, "utf8").trim().split("\n").slice(1);
  return lines.map((l, i) => {
    const [batch, watts] = l.split(",").map(Number);
    return { batch, watts, line: i + 2 };
  });
}

const values = (pts: readonly PowerPoint[]) => fitPowerCurve(pts).params.map((p) => p.value);

describe("logistic power fit on the synthetic H100 file", () => {
  const fit = fitPowerCurve(synthetic());

  it("recovers the true parameters within three standard errors at the stated noise", () => {
    // Tolerance: 3 standard errors. The fit's own residual scatter (about 1.5 %) comes from
    // 27 points and is below the generator's stated 2 %, so the standard errors are scaled
    // up to the stated noise (never down): with 4 parameters, a 3-sigma miss by chance
    // has a probability of about 1 %.
    const scale = Math.max(1, STATED_NOISE / fit.sigma);
    fit.params.forEach((p, j) => {
      expect(Math.abs(p.value - TRUTH[j]), p.name).toBeLessThanOrEqual(3 * p.stderr * scale);
    });
    expect(fit.sigma).toBeGreaterThan(0.01);
    expect(fit.sigma).toBeLessThan(0.03);
  });

  it("reports residuals that are the data minus the fitted curve, and no outliers in clean data", () => {
    for (const p of fit.points) {
      expect(p.model).toBeCloseTo(logisticPower(fit.power, p.batch, 0), 9);
      expect(p.residual).toBeCloseTo(p.watts - p.model, 9);
    }
    expect(fit.points.filter((p) => p.outlier)).toEqual([]);
    expect(fit.distinctBatches).toBe(9);
  });

  it("recovers a noise-free curve to rounding, with the standard errors going to zero", () => {
    const truth = MANUAL_PROFILES["a100-80gb"].power;
    if (truth.kind !== "logistic") throw new Error("A100 has a logistic curve");
    const pts = [1, 2, 4, 8, 16, 32, 64, 128].map((batch, i) => ({ batch, watts: logisticPower(truth, batch, 0), line: i + 2 }));
    const exact = fitPowerCurve(pts);
    expect(exact.power.pIdle).toBeCloseTo(truth.pIdle, 6);
    expect(exact.power.pNom).toBeCloseTo(truth.pNom, 6);
    expect(exact.power.k).toBeCloseTo(truth.k, 8);
    expect(exact.power.x0).toBeCloseTo(truth.x0, 8);
    expect(exact.params[0].stderr).toBeLessThan(1e-6);
  });
});

describe("robustness", () => {
  const clean = fitPowerCurve(synthetic());

  it("one wild reading anywhere moves no parameter by more than 1.5 standard errors, and is flagged", () => {
    // Huber IRLS bounds a wild point's pull to that of a 1.345-sigma one.
    for (const batch of [0, 1, 3, 16, 100, 256, 512]) {
      for (const watts of [30, 3000, 1e5]) {
        const fit = fitPowerCurve([...synthetic(), { batch, watts, line: 99 }]);
        fit.params.forEach((p, j) => {
          expect(Math.abs(p.value - clean.params[j].value), `${p.name} with ${watts} W at batch ${batch}`)
            .toBeLessThanOrEqual(1.5 * clean.params[j].stderr);
        });
        expect(fit.points.filter((p) => p.outlier).map((p) => p.line)).toEqual([99]);
      }
    }
  });

  it("gives the same fit whatever the order of the rows", () => {
    const pts = synthetic();
    const reversed = [...pts].reverse();
    const interleaved = [...pts.filter((_, i) => i % 2 === 1), ...pts.filter((_, i) => i % 2 === 0)];
    for (const order of [reversed, interleaved]) {
      values(order).forEach((v, j) => expect(v).toBeCloseTo(clean.params[j].value, 6));
    }
  });

  it("uses repeated batch sizes as independent readings (duplicating every row keeps the fit)", () => {
    const pts = synthetic();
    const doubled = fitPowerCurve([...pts, ...pts.map((p) => ({ ...p, line: p.line + 100 }))]);
    doubled.params.forEach((p, j) => {
      expect(p.value).toBeCloseTo(clean.params[j].value, 6);
      // twice the readings of the same spread: standard errors shrink by about √2
      expect(p.stderr / clean.params[j].stderr).toBeGreaterThan(0.6);
      expect(p.stderr / clean.params[j].stderr).toBeLessThan(0.8);
    });
  });

  it(`needs ${MIN_DISTINCT_BATCHES} distinct batch sizes and ${MIN_POWER_POINTS} points`, () => {
    const pts = synthetic();
    const threeSizes = pts.filter((p) => [1, 16, 256].includes(p.batch));
    expect(() => fitPowerCurve(threeSizes, "relative", "m.csv")).toThrow(InputError);
    expect(() => fitPowerCurve(threeSizes, "relative", "m.csv")).toThrow(/at least 4 distinct batch sizes.*got 3: 1, 16, 256/);
    const fourPoints = [1, 8, 32, 256].map((b) => pts.find((p) => p.batch === b)!);
    expect(() => fitPowerCurve(fourPoints)).toThrow(/at least 5 points/);
    // four sizes with repeats are enough: the repeats estimate the noise
    const fourSizes = fitPowerCurve(pts.filter((p) => [1, 8, 32, 256].includes(p.batch)));
    expect(fourSizes.params.every((p) => Number.isFinite(p.stderr) && p.stderr > 0)).toBe(true);
  });

  it("fails clearly when the batch sizes only cover the plateau", () => {
    const flat = [128, 256, 512, 1024, 2048].map((batch, i) => ({ batch, watts: 600 + (i % 2), line: i + 2 }));
    expect(() => fitPowerCurve(flat, "relative", "flat.csv")).toThrow(/flat\.csv: the (batch sizes do not determine|power fit did not converge)/);
  });

  it("absolute-noise weighting agrees with the relative one within one standard error", () => {
    const abs = fitPowerCurve(synthetic(), "absolute");
    abs.params.forEach((p, j) => expect(Math.abs(p.value - clean.params[j].value)).toBeLessThanOrEqual(clean.params[j].stderr));
    expect(abs.sigma).toBeGreaterThan(3); // watts, not a fraction
  });
});
