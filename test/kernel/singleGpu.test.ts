// The SoA kernel must give bit-for-bit what the scalar model gives, point by point.
import { describe, expect, it } from "vitest";
import {
  allocateColumns, evaluateSingleGpu, KERNEL_INPUTS, KERNEL_OUTPUTS, setProfileRow, type KernelInputs,
} from "../../src/kernel/index.ts";
import { b200Profile, computedProfile, GPUS, MANUAL_PROFILES, MODELS, singleGpuPoint, type Profile } from "../../src/model/index.ts";

/** A small deterministic generator for test inputs (not the sweep RNG). */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function perturbed(base: Profile, r: () => number): Profile {
  const f = () => 0.7 + 0.6 * r();
  const p = base.power;
  return {
    ...base, W: base.W * f(), H: base.H * f(), kvBlocks: Math.floor(base.kvBlocks * f()),
    // half the profiles carry the per-sequence extension term C
    ...(r() < 0.5 ? { C: base.H * 0.5 * r() } : {}),
    // computed profiles: no cap (0) or a cap, so both branches of their slot rule run
    maxSlots: base.slotRule === "computed" ? (r() < 0.5 ? 0 : 1 + Math.floor(64 * r())) : Math.floor(base.maxSlots * f()),
    power: p.kind === "logistic"
      ? { ...p, pIdle: p.pIdle * f(), pNom: p.pNom * f(), k: r() < 0.1 ? 0 : p.k * f(), x0: p.x0 * f() }
      : { ...p, tdp: p.tdp * f(), activeParams: p.activeParams * f() },
  };
}

const serving = { tp: 8, dtype: 2, meanCtx: 4096 };

describe("single-GPU kernel", () => {
  it("equals singleGpuPoint bit for bit over random profiles, contexts and power perturbations", () => {
    const r = lcg(7);
    const bases = [MANUAL_PROFILES["h100-80gb"], MANUAL_PROFILES["a100-80gb"], MANUAL_PROFILES.a10g, b200Profile("v1"), b200Profile("v2"),
      computedProfile(GPUS.h200, MODELS["llama-3.1-70b"], serving), computedProfile(GPUS.b200, MODELS["qwen3-235b-a22b"], serving),
      computedProfile(GPUS.h100, MODELS["llama-3.1-8b"], { ...serving, tp: 1 })];
    const N = 5000;
    const inp = allocateColumns(KERNEL_INPUTS, N) as KernelInputs;
    const out = allocateColumns(KERNEL_OUTPUTS, N);
    const cases: Array<{ p: Profile; ctx: number; powerScale: number; beta: number }> = [];
    for (let i = 0; i < N; i++) {
      const p = perturbed(bases[i % bases.length], r);
      // Contexts from 1 token to 1M, including ones too long for a single sequence (n = 0).
      const ctx = i % 3 === 0 ? 2048 << (i % 7) : 1 + Math.floor(r() * 2 ** (1 + 20 * r()));
      const c = { p, ctx, powerScale: 0.85 + 0.3 * r(), beta: 0.2 * r() };
      cases.push(c);
      setProfileRow(inp, i, p);
      inp.ctx[i] = ctx;
      inp.powerScale[i] = c.powerScale;
      inp.beta[i] = c.beta;
    }
    evaluateSingleGpu(inp, out);
    let zeroSlots = 0;
    let computed = 0;
    cases.forEach(({ p, ctx, powerScale, beta }, i) => {
      const s = singleGpuPoint(p, ctx, { powerScale, beta });
      if (s.nMax === 0) zeroSlots++;
      if (p.power.kind === "computed") computed++;
      expect([out.nMax[i], out.iter[i], out.tokS[i], out.power[i], out.tokPerW[i]], `point ${i}`).toEqual(
        [s.nMax, s.iter, s.tokS, s.power, s.tokPerW]);
    });
    expect(zeroSlots).toBeGreaterThan(0);
    expect(computed).toBeGreaterThan(1000);
  });

  it("evaluates only [start, end)", () => {
    const inp = allocateColumns(KERNEL_INPUTS, 4) as KernelInputs;
    const out = allocateColumns(KERNEL_OUTPUTS, 4);
    for (let i = 0; i < 4; i++) {
      setProfileRow(inp, i, MANUAL_PROFILES["h100-80gb"]);
      inp.ctx[i] = 8192;
      inp.powerScale[i] = 1;
    }
    out.tokPerW.fill(-1);
    evaluateSingleGpu(inp, out, 1, 3);
    expect(out.tokPerW[0]).toBe(-1);
    expect(out.tokPerW[3]).toBe(-1);
    expect(out.tokPerW[1]).toBe(singleGpuPoint(MANUAL_PROFILES["h100-80gb"], 8192).tokPerW);
  });

  it("reads a length-1 column as one value for every point", () => {
    const N = 7;
    const full = allocateColumns(KERNEL_INPUTS, N) as KernelInputs;
    for (let i = 0; i < N; i++) {
      setProfileRow(full, i, b200Profile("v1"));
      full.ctx[i] = 2048 << i;
      full.powerScale[i] = 1.1;
      full.beta[i] = 0.1;
    }
    const broadcast = { ...full };
    for (const name of KERNEL_INPUTS) if (name !== "ctx") broadcast[name] = full[name].slice(0, 1);
    const a = allocateColumns(KERNEL_OUTPUTS, N);
    const b = allocateColumns(KERNEL_OUTPUTS, N);
    evaluateSingleGpu(full, a);
    evaluateSingleGpu(broadcast, b);
    expect(b).toEqual(a);
    expect(new Set(a.tokPerW).size).toBe(N);
  });

  it("with firstRowOnly, writes outputs that are one value in every row to the first row alone and names them", () => {
    const N = 50;
    const point = allocateColumns(KERNEL_INPUTS, 1) as KernelInputs;
    setProfileRow(point, 0, MANUAL_PROFILES["h100-80gb"]);
    point.ctx[0] = 16384;
    point.powerScale = Float64Array.from({ length: N }, (_, i) => 0.9 + i / 500);
    const all = allocateColumns(KERNEL_OUTPUTS, N);
    expect(evaluateSingleGpu(point, all, 0, N)).toBe(0);
    const lazy = allocateColumns(KERNEL_OUTPUTS, N);
    for (const m of KERNEL_OUTPUTS) lazy[m].fill(-1);
    const mask = evaluateSingleGpu(point, lazy, 0, N, true);
    expect(KERNEL_OUTPUTS.filter((_, o) => mask & (1 << o))).toEqual(["nMax", "iter", "tokS"]);
    for (const m of ["nMax", "iter", "tokS"] as const) expect([lazy[m][0], lazy[m][1], lazy[m][N - 1]]).toEqual([all[m][0], -1, -1]);
    for (const m of ["power", "tokPerW"] as const) expect(Array.from(lazy[m])).toEqual(Array.from(all[m]));
    // with one power scale for every row, every output is one value
    point.powerScale = Float64Array.of(1.1);
    const one = allocateColumns(KERNEL_OUTPUTS, N);
    expect(evaluateSingleGpu(point, one, 0, N, true)).toBe(0b11111);
    evaluateSingleGpu(point, all, 0, N);
    for (const m of KERNEL_OUTPUTS) expect([one[m][0], one[m][1]], m).toEqual([all[m][0], 0]);
    // rows whose context varies are written one by one
    const byRow = allocateColumns(KERNEL_INPUTS, N) as KernelInputs;
    for (let i = 0; i < N; i++) {
      setProfileRow(byRow, i, MANUAL_PROFILES["h100-80gb"]);
      byRow.ctx[i] = 2048 << (i % 5);
      byRow.powerScale[i] = 1;
    }
    expect(evaluateSingleGpu(byRow, allocateColumns(KERNEL_OUTPUTS, N), 0, N, true)).toBe(0);
  });

  it("gives the same bits when only powerScale and beta vary (a grid point's samples: computed once, then scaled)", () => {
    const r = lcg(11);
    const bases = [MANUAL_PROFILES["h100-80gb"], b200Profile("v1"), computedProfile(GPUS.h200, MODELS["llama-3.1-70b"], serving)];
    const N = 300;
    for (let trial = 0; trial < 60; trial++) {
      const p = perturbed(bases[trial % bases.length], r);
      const ctx = trial % 4 === 0 ? 1 + Math.floor(r() * 2 ** 21) : 2048 << (trial % 7);
      const full = allocateColumns(KERNEL_INPUTS, N) as KernelInputs;
      for (let i = 0; i < N; i++) {
        setProfileRow(full, i, p);
        full.ctx[i] = ctx;
        full.powerScale[i] = 0.85 + 0.3 * r();
        full.beta[i] = trial % 3 === 0 ? 0.1 : 0.2 * r();
      }
      // the per-point path: every other input a length-1 column; beta a column or one value
      const point = { ...full };
      for (const name of KERNEL_INPUTS) if (name !== "powerScale" && (name !== "beta" || trial % 3 === 0)) point[name] = full[name].slice(0, 1);
      const a = allocateColumns(KERNEL_OUTPUTS, N);
      const b = allocateColumns(KERNEL_OUTPUTS, N);
      evaluateSingleGpu(full, a);
      evaluateSingleGpu(point, b, 0, N);
      for (const m of KERNEL_OUTPUTS) expect(Array.from(b[m]), `trial ${trial} ${m}`).toEqual(Array.from(a[m]));
      // and the scalar model, at one row
      const s = singleGpuPoint(p, ctx, { powerScale: full.powerScale[7], beta: full.beta[7] });
      expect([b.nMax[7], b.iter[7], b.tokS[7], b.power[7], b.tokPerW[7]]).toEqual([s.nMax, s.iter, s.tokS, s.power, s.tokPerW]);
    }
  });

  it("gives the same bits with one Lcal and block size for all rows (multiplied by their reciprocal when powers of two)", () => {
    const r = lcg(5);
    const N = 2000;
    for (const [lcal, blk] of [[8192, 16], [6000, 16], [8192, 12], [1, 1], [2 ** 40, 2 ** -3], [3, 7]]) {
      const full = allocateColumns(KERNEL_INPUTS, N) as KernelInputs;
      for (let i = 0; i < N; i++) {
        setProfileRow(full, i, perturbed(MANUAL_PROFILES["h100-80gb"], r));
        full.Lcal[i] = lcal;
        full.blk[i] = blk;
        full.ctx[i] = 1 + Math.floor(r() * 2 ** (1 + 20 * r()));
        full.powerScale[i] = 0.85 + 0.3 * r();
      }
      const shared = { ...full, Lcal: full.Lcal.slice(0, 1), blk: full.blk.slice(0, 1) };
      const a = allocateColumns(KERNEL_OUTPUTS, N);
      const b = allocateColumns(KERNEL_OUTPUTS, N);
      evaluateSingleGpu(full, a);
      evaluateSingleGpu(shared, b);
      for (const m of KERNEL_OUTPUTS) expect(Array.from(b[m]), `Lcal ${lcal}, blk ${blk}: ${m}`).toEqual(Array.from(a[m]));
    }
  });

  it("gives the same bits when one profile holds and ctx, W and the power perturbations vary per row (memoised per context)", () => {
    const r = lcg(13);
    const bases = [MANUAL_PROFILES["h100-80gb"], MANUAL_PROFILES.a10g, b200Profile("v2"), computedProfile(GPUS.h200, MODELS["llama-3.1-70b"], serving)];
    const N = 3000;
    for (let trial = 0; trial < 24; trial++) {
      const p = perturbed(bases[trial % bases.length], r);
      const full = allocateColumns(KERNEL_INPUTS, N) as KernelInputs;
      for (let i = 0; i < N; i++) {
        setProfileRow(full, i, p);
        if (trial % 4 === 1) [full.Lcal[i], full.blk[i]] = [6000, 12]; // not powers of two: divided, not multiplied
        // few distinct contexts (the memo's hits) or many, up to 2M tokens (n = 0 among them)
        full.ctx[i] = trial % 2 === 0 ? 2048 << (i % 7) : 1 + Math.floor(r() * 2 ** (1 + 20 * r()));
        full.W[i] = p.W * (0.8 + 0.4 * r());
        full.powerScale[i] = 0.85 + 0.3 * r();
        full.beta[i] = trial % 3 === 0 ? 0 : 0.2 * r();
      }
      const rows = { ...full };
      for (const name of KERNEL_INPUTS) if (!["ctx", "W", "powerScale", "beta"].includes(name)) rows[name] = full[name].slice(0, 1);
      if (trial % 3 === 0) rows.beta = full.beta.slice(0, 1);
      const a = allocateColumns(KERNEL_OUTPUTS, N);
      const b = allocateColumns(KERNEL_OUTPUTS, N);
      evaluateSingleGpu(full, a);
      evaluateSingleGpu(rows, b);
      for (const m of KERNEL_OUTPUTS) expect(Array.from(b[m]), `trial ${trial} ${m}`).toEqual(Array.from(a[m]));
      for (const i of [0, 5, 1234]) {
        const s = singleGpuPoint({ ...p, W: full.W[i], Lcal: full.Lcal[i], blk: full.blk[i] }, full.ctx[i], { powerScale: full.powerScale[i], beta: full.beta[i] });
        expect([b.nMax[i], b.iter[i], b.tokS[i], b.power[i], b.tokPerW[i]], `trial ${trial} row ${i}`).toEqual([s.nMax, s.iter, s.tokS, s.power, s.tokPerW]);
      }
    }
  });

  it("refuses a profile without a power model", () => {
    const inp = allocateColumns(KERNEL_INPUTS, 1) as KernelInputs;
    const p: Profile = { ...MANUAL_PROFILES["h100-80gb"], power: { kind: "logistic", pIdle: 0, pNom: 0, k: 1, x0: 1 } };
    expect(() => setProfileRow(inp, 0, p)).toThrow(/has no power model/);
  });
});
