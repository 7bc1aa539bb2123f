// v2 (B200 power anchored to one measured point). reference-v2.json holds the same numbers
// as reference-v1.json: the planner that wrote it did not switch the B200 power (its
// profiles.B200 still has P_idle 430 W), although MODEL.md §6 says v2 uses the anchor.
// So: everything that does not depend on B200 power is checked against the file, and the
// B200 power against the anchor's own definition.
import { describe, expect, it } from "vitest";
import { b200MeasuredPower, b200Profile, logisticPower } from "../../src/model/index.ts";
import { table1Rows, table2Rows, table5Rows } from "../../src/paper/singleGpuTables.ts";
import { expectClose, fixture } from "../helpers.ts";

const REL = 1e-9;
const v1 = fixture("reference-v1.json");
const v2 = fixture("reference-v2.json");

/** The anchor written out directly: P(n) = 251.33 + 355 / (1 + exp(-(log2 n - x0))), P(1) = 512.91. */
function anchoredPower(n: number): number {
  const f = (512.91 - 251.33) / (606.33 - 251.33);
  const x0 = Math.log(1 / f - 1);
  return 251.33 + (606.33 - 251.33) / (1 + Math.exp(-(Math.log2(n) - x0)));
}

describe("reference-v2.json", () => {
  it("is v1's numbers under another label (B200 power not switched)", () => {
    expect(v2.b200_power_mode).toBe("measured_b1");
    expect({ ...v2, b200_power_mode: "projected" }).toEqual(v1);
    expect(v2.profiles.B200.power_idle_w).toBe(430);
  });
});

describe("v2 B200 power: the measured anchor", () => {
  it("passes through the measured point 512.91 W at batch 1", () => {
    expectClose(logisticPower(b200MeasuredPower(), 1, 0), 512.91, 1e-12, "P(1)");
  });
  it("keeps B200 geometry and speed of v1, only power changes", () => {
    const a = b200Profile("v1");
    const b = b200Profile("v2");
    expect({ ...b, power: undefined, name: "" }).toEqual({ ...a, power: undefined, name: "" });
  });
});

describe("Table 1 (v2)", () => {
  const rows = table1Rows("v2");
  for (const ref of v2.table1) {
    it(`${ref.ctx}`, () => {
      const h = rows.find((x) => x.ctx === ref.ctx && x.gpu === "H100")!;
      const b = rows.find((x) => x.ctx === ref.ctx && x.gpu === "B200")!;
      expect(h.n_max).toBe(ref.H100.n_max);
      expectClose(h.power_w, ref.H100.power_w, REL, "H100 power");
      expectClose(h.tok_per_w, ref.H100.tok_per_w, REL, "H100 tok/W");
      expect(b.n_max).toBe(ref.B200.n_max);
      expectClose(b.iter_s, ref.B200.iter_s, REL, "B200 iter");
      expectClose(b.tok_s, ref.B200.tok_s, REL, "B200 tok/s");
      expectClose(b.power_w, anchoredPower(b.n_max), REL, "B200 anchored power");
      expectClose(b.tok_per_w, ref.B200.tok_s / anchoredPower(b.n_max), REL, "B200 tok/W");
    });
  }
});

describe("Tables 2 and 5 (v2): B200 rows use the anchor instead of computed power", () => {
  it("Table 2", () => {
    const rows = table2Rows("v2");
    for (const ref of v2.table2) {
      const h = rows.find((x) => x.model === ref.model && x.gpu === "H100")!;
      const b = rows.find((x) => x.model === ref.model && x.gpu === "B200")!;
      expectClose(h.power_w, ref.H100.power_w, REL, `${ref.model} H100 power`);
      expectClose(h.tok_per_w, ref.H100.tok_per_w, REL, `${ref.model} H100 tok/W`);
      expect(b.n_max).toBe(ref.B200.n_max);
      expectClose(b.tok_s, ref.B200.tok_s, REL, `${ref.model} B200 tok/s`);
      expectClose(b.power_w, anchoredPower(b.n_max), REL, `${ref.model} B200 power`);
    }
  });
  it("Table 5 (only the B200 row changes; GB200 keeps computed power)", () => {
    const rows = table5Rows("v2");
    for (const ref of v2.table5) {
      const r = rows.find((x) => x.gpu === ref.gpu)!;
      expect(r.n_max).toBe(ref.n_max);
      const expected = ref.gpu === "B200-SXM" ? anchoredPower(r.n_max) : ref.p_sat_w;
      expectClose(r.p_sat_w, expected, REL, `${ref.gpu} P_sat`);
      expectClose(r.tok_per_dollar_m, ref.tok_per_dollar_M, REL, `${ref.gpu} tok/$M`);
    }
  });
});
