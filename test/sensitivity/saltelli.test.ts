import { describe, expect, it } from "vitest";
import { saltelliColumns, saltelliDesign, saltelliRow, saltelliRowKind } from "../../src/sample/saltelli.ts";
import { sobolPoint } from "../../src/sample/sobolSequence.ts";
import { InputError } from "../../src/errors.ts";

describe("Saltelli design", () => {
  it("has N(k+2) rows, N(2k+2) with second order", () => {
    expect(saltelliDesign({ inputs: 3, baseRows: 64, seed: 1 }).rows).toBe(64 * 5);
    expect(saltelliDesign({ inputs: 3, baseRows: 64, seed: 1, secondOrder: true }).rows).toBe(64 * 8);
  });

  it("lays out A, AB_i, BA_i, B per base row from coordinates 0..k-1 (A) and k..2k-1 (B)", () => {
    const k = 4;
    const design = saltelliDesign({ inputs: k, baseRows: 32, seed: 9, secondOrder: true });
    const x = saltelliColumns(design, 0, design.rows);
    const R = 2 * k + 2;
    for (let n = 0; n < 32; n++) {
      const A = Array.from({ length: k }, (_, i) => sobolPoint(design.sequence, n, i));
      const B = Array.from({ length: k }, (_, i) => sobolPoint(design.sequence, n, k + i));
      const row = (slot: number) => x.map((c) => c[n * R + slot]);
      expect(row(0)).toEqual(A);
      expect(row(R - 1)).toEqual(B);
      for (let i = 0; i < k; i++) {
        expect(row(1 + i)).toEqual(A.map((a, j) => (j === i ? B[j] : a)));
        expect(row(1 + k + i)).toEqual(B.map((b, j) => (j === i ? A[j] : b)));
      }
    }
    expect(saltelliRowKind(design, 3 * R + 2)).toEqual({ base: 3, block: "AB", input: 1 });
    expect(saltelliRowKind(design, 3 * R + 1 + k + 3)).toEqual({ base: 3, block: "BA", input: 3 });
    expect(saltelliRowKind(design, 4 * R - 1)).toEqual({ base: 3, block: "B", input: -1 });
  });

  it("generates any row range on its own: ranges cut mid-block equal the whole, as does each row", () => {
    const design = saltelliDesign({ inputs: 5, baseRows: 128, seed: 77 });
    const whole = saltelliColumns(design, 0, design.rows);
    const cuts = [0, 13, 14, 400, 401, design.rows];
    for (let c = 0; c + 1 < cuts.length; c++) {
      const part = saltelliColumns(design, cuts[c], cuts[c + 1] - cuts[c]);
      part.forEach((col, i) => expect(col).toEqual(whole[i].subarray(cuts[c], cuts[c + 1])));
    }
    for (const r of [0, 6, 7, 500, design.rows - 1]) expect(Array.from(saltelliRow(design, r))).toEqual(whole.map((c) => c[r]));
  });

  it("is deterministic in the seed", () => {
    const a = saltelliColumns(saltelliDesign({ inputs: 3, baseRows: 256, seed: 5 }), 0, 1280);
    const b = saltelliColumns(saltelliDesign({ inputs: 3, baseRows: 256, seed: 5 }), 0, 1280);
    const c = saltelliColumns(saltelliDesign({ inputs: 3, baseRows: 256, seed: 6 }), 0, 1280);
    a.forEach((col, i) => expect(Buffer.from(col.buffer).equals(Buffer.from(b[i].buffer))).toBe(true));
    expect(a[0].some((v, r) => v !== c[0][r])).toBe(true);
  });

  it("rejects bad sizes and ranges", () => {
    expect(() => saltelliDesign({ inputs: 0, baseRows: 8, seed: 1 })).toThrow(InputError);
    expect(() => saltelliDesign({ inputs: 65, baseRows: 8, seed: 1 })).toThrow(/inputs = 65/);
    expect(() => saltelliDesign({ inputs: 2, baseRows: 1, seed: 1 })).toThrow(/baseRows = 1/);
    expect(() => saltelliColumns(saltelliDesign({ inputs: 2, baseRows: 8, seed: 1 }), 30, 3)).toThrow(/rows/);
  });
});
