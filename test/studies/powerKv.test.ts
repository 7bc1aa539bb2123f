// Study 1: alpha of the noise-free model against an independent least-squares fit of
// singleGpuPoint's tok/W, through the sweep engine with every factor fixed at 1, and the
// bands' shape with the factors uncertain.
import { describe, expect, it } from "vitest";
import { fixture } from "../helpers.ts";
import { profileByName, singleGpuPoint } from "../../src/model/index.ts";
import { logLogFit } from "../../src/numeric/logLog.ts";
import { alphaRows, nominalAlpha, tokWRows } from "../../src/paper/studies/powerKvResults.ts";
import { independentSlope, moduleDir, runStudySweep, studyFile } from "./helpers.ts";

const PROFILES = ["h100-80gb", "b200-projected", "b200-measured"];
const BETAS = [0, 0.1, 0.2];
const pow2 = (from: number, to: number) => Array.from({ length: Math.log2(to / from) + 1 }, (_, i) => from * 2 ** i);

function directAlpha(profile: string, beta: number, from: number, to: number): number {
  const ctx = pow2(from, to);
  const p = profileByName(profile);
  return -independentSlope(ctx, ctx.map((c) => singleGpuPoint(p, c, { beta }).tokPerW));
}

describe("referee-power-kv", () => {
  it("the log-log slope of an exact power law is its exponent", () => {
    const x = [2048, 4096, 8192, 16384];
    expect(logLogFit(x, x.map((v) => 3 * v ** -0.7)).slope).toBeCloseTo(-0.7, 12);
  });

  it("with every factor fixed at 1 the sweep's alpha is the noise-free model's, fitted independently", async () => {
    const dir = moduleDir();
    const fixedOne = "w.fixed(1)";
    const file = studyFile(dir, "kv-fixed", "powerKv", "powerKvSweep",
      `{ betas: ${JSON.stringify(BETAS)}, betaFactor: ${fixedOne}, powerFactor: ${fixedOne}, b200Factor: ${fixedOne}, samples: 3 }`);
    const { bands } = await runStudySweep(file);
    const rows = alphaRows(bands, PROFILES, BETAS);
    expect(rows).toHaveLength(PROFILES.length * BETAS.length * 2);
    for (const r of rows) {
      const [from, to] = r.range === "4K–64K" ? [4096, 65536] : [2048, 131072];
      const direct = directAlpha(r.profile, r.beta, from, to);
      expect(Math.abs(r.p5 - direct), `${r.profile} beta ${r.beta} ${r.range}`).toBeLessThan(1e-12);
      expect(r.p95).toBe(r.p5);
      expect(Math.abs(r.nominal - direct)).toBeLessThan(1e-12);
    }
    // the H100 and B200 v1 values the paper tabulates: tok/W at beta 0 is Table 1's reference
    const table1 = fixture("reference-v1.json").table1 as Array<{ ctx: number } & Record<"H100" | "B200", { tok_per_w: number }>>;
    for (const t of tokWRows(bands).filter((r) => r.beta === 0 && r.profile !== "b200-measured")) {
      const ref = table1.find((x) => x.ctx === t.ctx)![t.profile === "h100-80gb" ? "H100" : "B200"].tok_per_w;
      expect(t.p50).toBe(ref);
      expect(t.nominal).toBe(ref);
    }
  });

  it("uncertain beta makes a band around the model; a constant power factor cannot move alpha", async () => {
    const file = studyFile(moduleDir(), "kv-band", "powerKv", "powerKvSweep",
      `{ betas: [0, 0.2], b200Factor: w.fixed(1), samples: 64 }`);
    const { bands } = await runStudySweep(file);
    const rows = alphaRows(bands, PROFILES, [0, 0.2]);
    for (const r of rows) {
      expect(r.p5).toBeLessThanOrEqual(r.nominal + 1e-12);
      expect(r.p95).toBeGreaterThanOrEqual(r.nominal - 1e-12);
      if (r.beta === 0) expect(r.max - r.min, `${r.profile} ${r.range}`).toBeLessThan(1e-12);
      else expect(r.max - r.min).toBeGreaterThan(0.01);
    }
    // KV-correlated power raises alpha for every profile
    for (const p of PROFILES) expect(nominalAlpha(p, 0.2, 4096, 65536)).toBeGreaterThan(nominalAlpha(p, 0, 4096, 65536));
  });
});
