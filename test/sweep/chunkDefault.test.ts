// Rows per chunk: the run's --chunk, else the evaluator's (single-GPU rows cost tens of
// nanoseconds, so more of them go in a chunk), else 16384.
import { describe, expect, it } from "vitest";
import { log2Range, plusMinus, profiles } from "../../src/index.ts";
import { chunking, chunkRowsFor, DEFAULT_CHUNK_ROWS } from "../../src/execute/chunking.ts";
import type { Plan } from "../../src/plan/index.ts";
import { planSweep } from "../../src/sweep/index.ts";

const plan = planSweep({
  name: "chunks", grid: { ctx: log2Range(2048, 131072), gpu: profiles("h100-80gb", "b200-projected") },
  uncertain: { f: { target: "power_scale", dist: plusMinus(0.15), vary: "perGpu" } }, samples: 10000, method: "monteCarlo", seed: 5,
}, "t.ts");

describe("rows per chunk", () => {
  it("single-GPU sweeps default to 65536 rows: 7 points (blocks of one) × 10000 samples per chunk", () => {
    expect(chunkRowsFor(plan, undefined)).toBe(65536);
    const cut = chunking(plan, 0, plan.points, chunkRowsFor(plan, undefined));
    expect(plan.blockPoints).toBe(1);
    expect(cut.at(0)).toEqual({ p0: 0, p1: 7, s0: 0, s1: 10000 });
    expect(cut.count).toBe(2);
  });

  it("--chunk wins; an evaluator without a preference gets 16384", () => {
    expect(chunkRowsFor(plan, 100)).toBe(100);
    const plain: Plan = { ...plan, evaluator: { ...plan.evaluator, chunkRows: undefined } };
    expect(chunkRowsFor(plain, undefined)).toBe(DEFAULT_CHUNK_ROWS);
    expect(DEFAULT_CHUNK_ROWS).toBe(16384);
    expect(chunking(plain, 0, plain.points, chunkRowsFor(plain, undefined)).at(0)).toEqual({ p0: 0, p1: 2, s0: 0, s1: 10000 });
  });
});
