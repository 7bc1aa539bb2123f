// Every Table 1, 2, 4 and 5 value (and intermediate) of the reference planner's outputs,
// for both revisions: v1 (projected B200 power) and v2 (B200 power anchored at batch 1).
import { describe, expect, it } from "vitest";
import { b200KvRatio, b200Profile, MANUAL_PROFILES } from "../../src/model/index.ts";
import { table1Rows, table2Rows, table4Rows, table5Rows } from "../../src/paper/singleGpuTables.ts";
import { expectClose, fixture } from "../helpers.ts";

const REL = 1e-9;
const v1 = fixture("reference-v1.json");
const v2 = fixture("reference-v2.json");
const REVISIONS = [["v1", v1], ["v2", v2]] as const;

function expectProfile(p: { W: number; H: number; kvBlocks: number; maxSlots: number; Lcal: number; chunk: number }, ref: any, what: string) {
  expectClose(p.W, ref.W, REL, `${what} W`);
  expectClose(p.H, ref.H, REL, `${what} H`);
  expect(p.kvBlocks, `${what} kvBlocks`).toBe(ref.total_kv_blks);
  expect(p.maxSlots, `${what} maxSlots`).toBe(ref.max_slots);
  expect(p.Lcal).toBe(ref.calibration_ctx);
  expect(p.chunk).toBe(ref.chunk);
}

for (const [revision, reference] of REVISIONS) {
  describe(`paper profiles (${revision})`, () => {
    it("H100-80GB and B200 match the reference", () => {
      expectProfile(MANUAL_PROFILES["h100-80gb"], reference.profiles.H100, "H100");
      expectProfile(b200Profile(revision), reference.profiles.B200, "B200");
      const pw = b200Profile(revision).power;
      expect(pw.kind).toBe("logistic");
      if (pw.kind === "logistic") {
        expect([pw.pIdle, pw.pNom, pw.k]).toEqual([reference.profiles.B200.power_idle_w, reference.profiles.B200.power_nominal_w, 1]);
        expectClose(pw.x0, reference.profiles.B200.power_logistic_x0, REL, "B200 x0");
      }
      expectClose(b200KvRatio(), reference.profiles.kv_ratio, REL, "kv ratio");
    });
  });

  describe(`Table 1 (${revision})`, () => {
    const rows = table1Rows(revision);
    for (const ref of reference.table1) {
      for (const gpu of ["H100", "B200"] as const) {
        it(`${ref.ctx} ${gpu}`, () => {
          const r = rows.find((x) => x.ctx === ref.ctx && x.gpu === gpu)!;
          const e = ref[gpu];
          expect(r.n_max).toBe(e.n_max);
          expectClose(r.power_w, e.power_w, REL, "power");
          expectClose(r.iter_s, e.iter_s, REL, "iter");
          expectClose(r.tok_s, e.tok_s, REL, "tok/s");
          expectClose(r.tok_per_w, e.tok_per_w, REL, "tok/W");
        });
      }
    }
  });

  describe(`Table 2 (${revision})`, () => {
    const rows = table2Rows(revision);
    for (const ref of reference.table2) {
      for (const gpu of ["H100", "B200"] as const) {
        it(`${ref.model} ${gpu}`, () => {
          const r = rows.find((x) => x.model === ref.model && x.gpu === gpu)!;
          const e = ref[gpu];
          expect(r.tp).toBe(ref.tp);
          expect(r.dtype_bytes).toBe(ref.dtype_bytes);
          expect(r.profile.name).toBe(e.profile.name);
          expectClose(r.profile.W, e.profile.W, REL, "W");
          expectClose(r.profile.H, e.profile.H, REL, "H");
          expect(r.profile.kvBlocks).toBe(e.profile.total_kv_blks);
          expect(r.profile.Lcal).toBe(e.profile.calibration_ctx);
          expect(r.profile.paramCount).toBe(e.profile.param_count);
          expect(r.profile.activeParamCount).toBe(e.profile.active_param_count);
          // The reference records the fp16 KV footprint whatever the serving dtype.
          expect(r.profile.kvBytesPerToken / r.profile.dtype * 2).toBe(e.profile.kv_bytes_per_token_fp16);
          expectClose(r.w_used_s, e.W_used, REL, "W_used");
          expect(r.n_max).toBe(e.n_max);
          expectClose(r.tok_s, e.tok_s, REL, "tok/s");
          expectClose(r.power_w, e.power_w, REL, "power");
          expectClose(r.tok_per_w, e.tok_per_w, REL, "tok/W");
        });
      }
    }
  });

  describe(`Table 4 (${revision})`, () => {
    const rows = table4Rows();
    for (const e of reference.table4) {
      it(e.pool, () => {
        const r = rows.find((x) => x.pool === e.pool)!;
        expect([r.ctx, r.n_max, r.n_active]).toEqual([e.ctx, e.n_max, e.n_active]);
        expectClose(r.power_w, e.power_w, REL, "power");
        expectClose(r.tok_per_w, e.tok_per_w, REL, "tok/W");
      });
    }
  });

  describe(`Table 5 (${revision})`, () => {
    const rows = table5Rows(revision);
    for (const e of reference.table5) {
      it(e.gpu, () => {
        const r = rows.find((x) => x.gpu === e.gpu)!;
        expect(r.tdp_w).toBe(e.tdp_w);
        expectClose(r.w_ms, e.W_ms, REL, "W ms");
        expect(r.n_max).toBe(e.n_max);
        expect(r.profile.kvBlocks).toBe(e.profile.total_kv_blks);
        expectClose(r.profile.H, e.profile.H, REL, "H");
        expectClose(r.p_sat_w, e.p_sat_w, REL, "P_sat");
        expectClose(r.tok_per_w, e.tok_per_w, REL, "tok/W");
        expect(r.cost_per_hr).toBe(e.cost_per_hr);
        expectClose(r.tok_per_dollar_m, e.tok_per_dollar_M, REL, "tok/$M");
      });
    }
  });
}
