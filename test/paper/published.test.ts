// v1 values rounded as the paper prints them equal published-v1.json.
import { describe, expect, it } from "vitest";
import { table1Rows, table2Rows, table4Rows, table5Rows } from "../../src/paper/singleGpuTables.ts";
import { fixture } from "../helpers.ts";

const pub = fixture("published-v1.json");

/** Rounds to the decimals the published number shows. JSON drops trailing zeros (35.0 → 35), so such a cell is checked to one digit fewer. */
function printedAs(value: number, printed: number): number {
  const decimals = String(printed).split(".")[1]?.length ?? 0;
  return Number(value.toFixed(decimals));
}

describe("published v1 digits", () => {
  it("Table 1", () => {
    const rows = table1Rows("v1");
    for (const [ctxK, hn, hp, ht, bn, bp, bt] of pub.table1.rows) {
      const h = rows.find((r) => r.ctx === ctxK * 1024 && r.gpu === "H100")!;
      const b = rows.find((r) => r.ctx === ctxK * 1024 && r.gpu === "B200")!;
      expect([h.n_max, printedAs(h.power_w, hp), printedAs(h.tok_per_w, ht)]).toEqual([hn, hp, ht]);
      expect([b.n_max, printedAs(b.power_w, bp), printedAs(b.tok_per_w, bt)]).toEqual([bn, bp, bt]);
    }
  });
  it("Table 2", () => {
    const rows = table2Rows("v1");
    for (const [name, tp, hn, hs, ht, bn, bs, bt] of pub.table2.rows) {
      const model = String(name).replace(/ \(.*\)$/, "");
      const h = rows.find((r) => r.model === model && r.gpu === "H100")!;
      const b = rows.find((r) => r.model === model && r.gpu === "B200")!;
      expect(h.tp).toBe(tp);
      expect([h.n_max, printedAs(h.tok_s, hs), printedAs(h.tok_per_w, ht)]).toEqual([hn, hs, ht]);
      expect([b.n_max, printedAs(b.tok_s, bs), printedAs(b.tok_per_w, bt)]).toEqual([bn, bs, bt]);
    }
  });
  it("Table 4 (the paper prints n_active as n_max * 0.85 rounded, but computes with it truncated)", () => {
    const rows = table4Rows();
    for (const [pool, , ctx, nActive, power, tokPerW] of pub.table4.rows) {
      const r = rows.find((x) => x.pool === pool)!;
      expect(r.ctx).toBe(ctx);
      expect(Math.round(r.n_max * 0.85)).toBe(nActive);
      expect(r.n_active).toBe(Math.max(1, Math.trunc(r.n_max * 0.85)));
      expect([printedAs(r.power_w, power), printedAs(r.tok_per_w, tokPerW)]).toEqual([power, tokPerW]);
    }
  });
  it("Table 5", () => {
    const rows = table5Rows("v1");
    for (const [gpu, tdp, , wMs, n, pSat, tokPerW, cost, tokPerDollar] of pub.table5.rows) {
      const r = rows.find((x) => x.gpu === gpu)!;
      expect([r.tdp_w, printedAs(r.w_ms, wMs), r.n_max, printedAs(r.p_sat_w, pSat), printedAs(r.tok_per_w, tokPerW),
        r.cost_per_hr, printedAs(r.tok_per_dollar_m, tokPerDollar)]).toEqual([tdp, wMs, n, pSat, tokPerW, cost, tokPerDollar]);
    }
  });
});
