// v2 (B200 power anchored to one measured point, 512.91 W at batch 1). The reference
// planner's v2 outputs are checked cell by cell in reference.test.ts and table3.test.ts;
// here the anchor is checked against its own definition, written out independently, and
// v2 is shown to change only what depends on B200 power.
import { describe, expect, it } from "vitest";
import { b200MeasuredPower, b200Profile, logisticPower } from "../../src/model/index.ts";
import { table1Rows } from "../../src/paper/singleGpuTables.ts";
import { expectClose, fixture } from "../helpers.ts";

const v1 = fixture("reference-v1.json");
const v2 = fixture("reference-v2.json");

/** The anchor written out directly: P(n) = 251.33 + 355 / (1 + exp(-(log2 n - x0))), P(1) = 512.91. */
function anchoredPower(n: number): number {
  const f = (512.91 - 251.33) / (606.33 - 251.33);
  const x0 = Math.log(1 / f - 1);
  return 251.33 + (606.33 - 251.33) / (1 + Math.exp(-(Math.log2(n) - x0)));
}

describe("reference-v2.json", () => {
  it("holds v2's B200 power and v1's H100 and B200 speed", () => {
    expect(v2.b200_power_mode).toBe("measured_b1");
    expect(v2.profiles.B200.power_idle_w).toBe(251.33);
    expect(v2.profiles.H100).toEqual(v1.profiles.H100);
    v2.table1.forEach((row: any, i: number) => {
      expect(row.H100).toEqual(v1.table1[i].H100);
      expect([row.B200.n_max, row.B200.tok_s]).toEqual([v1.table1[i].B200.n_max, v1.table1[i].B200.tok_s]);
      expect(row.B200.power_w).not.toBe(v1.table1[i].B200.power_w);
    });
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
  it("Table 1's B200 power is the anchor written out independently", () => {
    for (const b of table1Rows("v2").filter((r) => r.gpu === "B200")) {
      expectClose(b.power_w, anchoredPower(b.n_max), 1e-9, `B200 ${b.ctx} power`);
    }
  });
});
