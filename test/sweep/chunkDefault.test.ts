// Rows per chunk: the run's --chunk, else the evaluator's (single-GPU rows cost tens of
// nanoseconds, so more of them go in a chunk), else 16384.
import { describe, expect, it } from "vitest";
import { log2Range, plusMinus, profiles, ratio, replicates } from "../../src/index.ts";
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

  it("hold whole replicates when the outermost dimension is replicates(...) and one fits in 4 chunks' rows", () => {
    const replicated = (rep: number, samples: number, inner = false) => planSweep({
      name: "chunks", samples, method: "latinHypercube", seed: 5,
      grid: inner ? { ctx: log2Range(2048, 131072), rep: replicates(rep), gpu: profiles("h100-80gb", "b200-projected") }
        : { rep: replicates(rep), ctx: log2Range(2048, 131072), gpu: profiles("h100-80gb", "b200-projected") },
      uncertain: { f: { target: "power_scale", dist: plusMinus(0.15), vary: "perGpu" } },
      derived: { gain: ratio("tok_per_w", { gpu: "b200-projected" }, { gpu: "h100-80gb" }) },
    }, "t.ts");
    const rows = chunkRowsFor(replicated(3, 10000), undefined);
    // 14 points (7 blocks of 2) per replicate: one replicate a chunk, not 6 points
    expect(chunking(replicated(3, 10000), 0, 42, rows).at(0)).toEqual({ p0: 0, p1: 14, s0: 0, s1: 10000 });
    expect(chunking(replicated(3, 10000), 0, 42, rows).count).toBe(3);
    // several replicates a chunk when they are small
    expect(chunking(replicated(12, 1000), 0, 168, rows).at(0)).toEqual({ p0: 0, p1: 70, s0: 0, s1: 1000 });
    // too big for 4 chunks' rows, or replicates not outermost: chunks as without them
    expect(chunking(replicated(3, 20000), 0, 42, rows).at(0)).toEqual({ p0: 0, p1: 4, s0: 0, s1: 20000 });
    expect(chunking(replicated(3, 10000, true), 0, 42, rows).at(0)).toEqual({ p0: 0, p1: 6, s0: 0, s1: 10000 });
  });
});
