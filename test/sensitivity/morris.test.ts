import { describe, expect, it } from "vitest";
import { morrisColumns, morrisDesign, morrisRow } from "../../src/sample/morris.ts";
import { elementaryEffects, morrisIndices } from "../../src/stats/sensitivity/morris.ts";
import { linearModel, sobolG, sobolGIndices } from "../../src/stats/sensitivity/testFunctions.ts";
import { InputError } from "../../src/errors.ts";

describe("Morris design", () => {
  it("moves one input per step by exactly +-delta on the p-level grid, each input once per trajectory", () => {
    const k = 5;
    for (const levels of [4, 6, 10]) {
      const design = morrisDesign({ inputs: k, trajectories: 30, levels, seed: 3 });
      expect(design.delta).toBe(levels / (2 * (levels - 1)));
      const x = morrisColumns(design, 0, design.rows);
      const seen = new Set<number>();
      for (let t = 0; t < 30; t++) {
        const moved = new Set<number>();
        for (let s = 1; s <= k; s++) {
          const r = t * (k + 1) + s;
          const changed = x.map((c, i) => [i, c[r] - c[r - 1]] as const).filter(([, d]) => d !== 0);
          expect(changed.length).toBe(1);
          expect(Math.abs(changed[0][1])).toBeCloseTo(design.delta, 14);
          moved.add(changed[0][0]);
        }
        expect(moved.size).toBe(k);
      }
      for (const c of x) {
        for (const v of c) {
          const level = v * (levels - 1);
          expect(Math.abs(level - Math.round(level))).toBeLessThan(1e-12);
          expect(v >= 0 && v <= 1).toBe(true);
          seen.add(Math.round(level));
        }
      }
      expect(seen.size).toBe(levels);
    }
  });

  it("generates any row range on its own, and the same seed gives the same design", () => {
    const design = morrisDesign({ inputs: 4, trajectories: 20, seed: 8 });
    const whole = morrisColumns(design, 0, design.rows);
    const part = morrisColumns(design, 7, 41);
    part.forEach((c, i) => expect(c).toEqual(whole[i].subarray(7, 48)));
    expect(Array.from(morrisRow(design, 33))).toEqual(whole.map((c) => c[33]));
    const again = morrisColumns(morrisDesign({ inputs: 4, trajectories: 20, seed: 8 }), 0, design.rows);
    again.forEach((c, i) => expect(Buffer.from(c.buffer).equals(Buffer.from(whole[i].buffer))).toBe(true));
    const other = morrisColumns(morrisDesign({ inputs: 4, trajectories: 20, seed: 9 }), 0, design.rows);
    expect(other[0]).not.toEqual(whole[0]);
  });

  it("rejects odd levels, too few trajectories and bad ranges", () => {
    expect(() => morrisDesign({ inputs: 3, trajectories: 10, levels: 5, seed: 1 })).toThrow(/levels = 5/);
    expect(() => morrisDesign({ inputs: 3, trajectories: 1, seed: 1 })).toThrow(/trajectories = 1/);
    expect(() => morrisDesign({ inputs: 3, trajectories: 4, seed: 1.5 })).toThrow(InputError);
    expect(() => morrisColumns(morrisDesign({ inputs: 3, trajectories: 4, seed: 1 }), 10, 7)).toThrow(/rows/);
  });
});

describe("Morris measures", () => {
  it("a linear model has every elementary effect equal to its coefficient: mu = c, mu* = |c|, sigma = 0", () => {
    const c = [2, -3, 0.5, 0];
    const design = morrisDesign({ inputs: 4, trajectories: 12, levels: 6, seed: 5 });
    const m = morrisIndices(linearModel(morrisColumns(design, 0, design.rows), c), design, { seed: 1, resamples: 200 });
    c.forEach((ci, i) => {
      expect(m.mu[i]).toBeCloseTo(ci, 12);
      expect(m.muStar.value[i]).toBeCloseTo(Math.abs(ci), 12);
      expect(m.sigma[i]).toBeLessThan(1e-12);
      expect(m.muStar.high[i] - m.muStar.low[i]).toBeLessThan(1e-12);
    });
  });

  it("elementary effects of x1*x2 are the other input's value at the move", () => {
    const design = morrisDesign({ inputs: 2, trajectories: 25, seed: 12 });
    const [x1, x2] = morrisColumns(design, 0, design.rows);
    const ee = elementaryEffects(x1.map((v, r) => v * x2[r]), design);
    for (let t = 0; t < 25; t++) {
      for (let s = 1; s <= 2; s++) {
        const r = t * 3 + s;
        const input = x1[r] !== x1[r - 1] ? 0 : 1;
        const other = input === 0 ? x2[r] : x1[r];
        expect(ee[t * 2 + input]).toBeCloseTo(other, 12);
      }
    }
  });

  it("ranks Sobol's G inputs by mu* in the analytic order of importance", () => {
    const a = [0, 1, 4.5, 9, 99, 99];
    const total = sobolGIndices(a).total;
    for (const seed of [1, 2, 3, 4, 5]) {
      const design = morrisDesign({ inputs: 6, trajectories: 40, seed });
      const m = morrisIndices(sobolG(morrisColumns(design, 0, design.rows), a), design, { seed, resamples: 300 });
      const mu = m.muStar.value;
      for (let i = 0; i < 3; i++) {
        expect(total[i]).toBeGreaterThan(total[i + 1]);
        expect(mu[i], `seed ${seed}: mu*_${i + 1} > mu*_${i + 2}`).toBeGreaterThan(mu[i + 1]);
      }
      expect(mu[3]).toBeGreaterThan(Math.max(mu[4], mu[5]));
      for (let i = 0; i < 6; i++) expect(m.muStar.low[i] <= mu[i] && mu[i] <= m.muStar.high[i]).toBe(true);
    }
  });

  it("rejects outputs of the wrong length or non-finite", () => {
    const design = morrisDesign({ inputs: 2, trajectories: 3, seed: 1 });
    expect(() => morrisIndices(new Float64Array(8), design, { seed: 1 })).toThrow(/outputs = 8: expected 9/);
    expect(() => morrisIndices(new Float64Array(9).fill(Infinity), design, { seed: 1 })).toThrow(/row 0 = Infinity/);
  });
});
