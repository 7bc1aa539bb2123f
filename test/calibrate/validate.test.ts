import { describe, expect, it } from "vitest";
import {
  compareToProfile, cornerBand, coverageOf, measuredPointsOf, ALL_ROLES, optional,
} from "../../src/calibrate/index.ts";
import { loadSweepBands } from "../../src/calibrate/sweepBand.ts";
import { readMeasuredCsv } from "../../src/io/csvRead.ts";
import { b200MeasuredPower, b200Profile, iterLatency, logisticPower } from "../../src/model/index.ts";
import { b200Files } from "./b200Files.ts";

const U = { power: 0.2, throughput: 0.2 };
const V1 = b200Profile("v1");
const POWER_COLUMNS = { power: "per_gpu_power_w" };
const SWEEP_COLUMNS = { power: "per_gpu_power_w", context: "context_tokens", tok_s: "decode_tok_s" };

async function rows(path: string, columns: Record<string, string>) {
  const t = await readMeasuredCsv(path, ALL_ROLES.map(optional), columns);
  return compareToProfile(V1, measuredPointsOf(t), cornerBand(V1, U));
}

describe("validate: the v1 projected B200 against B200-shaped measurements", () => {
  // Stand-in measurements (no B200 hardware here): power from the v2 measured-anchor curve,
  // throughput from the profile's W and H, with 2 % / 3 % noise, in the synthetic files' shape.
  const files = b200Files();

  it("flags each point inside or outside the band exactly as a direct calculation does", async () => {
    for (const r of await rows(files.power, POWER_COLUMNS)) {
      const p = logisticPower(V1.power as never, r.batch, V1.maxSlots);
      expect(r.model).toBeCloseTo(p, 9);
      // ±20 % on P_idle and P_nom scales the whole curve by 0.8 … 1.2
      expect(r.inside).toBe(r.measured >= 0.8 * p * (1 - 1e-12) && r.measured <= 1.2 * p * (1 + 1e-12));
    }
    for (const r of await rows(files.sweep, SWEEP_COLUMNS)) {
      const iter = iterLatency(V1, r.batch, Math.floor(r.context / 2));
      const [lo, hi] = r.quantity === "tok_s" ? [r.batch / (1.2 * iter), r.batch / (0.8 * iter)] : [0.8 * r.model, 1.2 * r.model];
      expect(r.lo).toBeCloseTo(lo, 9);
      expect(r.hi).toBeCloseTo(hi, 9);
    }
  });

  it("reports coverage and the worst miss: the projection overstates saturated power", async () => {
    const all = await rows(files.power, POWER_COLUMNS);
    const s = coverageOf(all);
    expect(s.total).toBe(30);
    expect(s.inside).toBe(all.filter((r) => r.inside).length);
    expect(s.coverage).toBeGreaterThan(0);
    expect(s.coverage).toBeLessThan(1);
    // v1 saturates at 860 W, the anchored curve at about 606 W: the largest batches miss below
    const w = s.worstMiss!;
    expect(w.miss).toBeLessThan(0);
    expect(w.batch).toBeGreaterThanOrEqual(256);
    const anchored = logisticPower(b200MeasuredPower(), w.batch, 0);
    expect(w.measured / anchored).toBeGreaterThan(0.9);
    expect(Math.abs(w.miss)).toBe(Math.max(...all.map((r) => Math.abs(r.miss))));
  });
});

describe("validate: bands from a sweep (--band-sweep)", () => {
  const SWEEP_FILE = new URL("./b200-band.sweep.ts", import.meta.url).pathname;

  it("takes p5…p95 of the sweep at the measured context: ±20 % uniform power gives 0.82…1.18 of the model", async () => {
    const bands = await loadSweepBands(SWEEP_FILE, V1);
    expect(bands.profileName).toBe(V1.name);
    const files = b200Files();
    const t = await readMeasuredCsv(files.sweep, ALL_ROLES.map(optional), SWEEP_COLUMNS);
    const compared = compareToProfile(V1, measuredPointsOf(t), bands.band);
    const corner = cornerBand(V1, U);
    for (const r of compared) {
      // the sweep evaluates at the profile's own n_max, which the stand-in data share
      expect(bands.nMaxMismatch(r)).toBeUndefined();
      if (r.quantity === "power_w") {
        // quantiles of U(0.8, 1.2) from 2000 Latin-hypercube draws: 0.82 and 1.18 within sampling error
        expect(r.lo / r.model).toBeCloseTo(0.82, 2);
        expect(r.hi / r.model).toBeCloseTo(1.18, 2);
      }
      // a p5…p95 band lies inside the extreme corners of the same box
      const [lo, hi] = corner(r);
      expect(r.lo).toBeGreaterThanOrEqual(lo);
      expect(r.hi).toBeLessThanOrEqual(hi);
      expect(r.lo).toBeLessThan(r.model);
      expect(r.hi).toBeGreaterThan(r.model);
    }
  });

  it("fails clearly at a context the sweep does not have, or for another profile", async () => {
    const bands = await loadSweepBands(SWEEP_FILE, V1);
    expect(() => bands.band({ line: 9, quantity: "tok_s", batch: 1, context: 3000, measured: 1 }))
      .toThrow(/no grid point at ctx = 3000 \(measured on line 9\); its ctx values: 2048, 4096/);
    const other = await loadSweepBands(SWEEP_FILE, { ...V1, name: "mine" });
    expect(other.profileName).toBe(V1.name); // a single-profile sweep serves any profile; the CLI notes it
  });
});
