// Sensitivity analysis on one thread: Sobol' points per second (plain and Owen-scrambled),
// and the time of the design plus the estimators (bootstrap included) for Ishigami at
// N = 8192 base rows (k = 3) and for Sobol's G at k = 10, with Morris and the rank indices
// on the same budget of rows. Best of REPS runs after one warm-up, so JIT start is excluded.
import { morrisColumns, morrisDesign } from "../../src/sample/morris.ts";
import { saltelliColumns, saltelliDesign } from "../../src/sample/saltelli.ts";
import { sobolColumn, sobolSequence } from "../../src/sample/sobolSequence.ts";
import { ishigami, morrisIndices, prcc, sobolG, sobolIndices, spearman, src } from "../../src/stats/sensitivity/index.ts";

const REPS = 3;
const N = 8192;
const RESAMPLES = 1000;
const G_A = [0, 1, 4.5, 9, 99, 99, 99, 99, 99, 99];

/** Best wall time in milliseconds of `run` over REPS runs after a warm-up. */
function bestMs(run: () => unknown): number {
  run();
  let best = Infinity;
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    run();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

function sobolRates(): void {
  const dims = 20;
  const points = 1 << 18;
  const out = new Float64Array(points);
  for (const seed of [null, 42]) {
    const seq = sobolSequence(dims, seed);
    const ms = bestMs(() => { for (let j = 0; j < dims; j++) sobolColumn(seq, j, 0, points, out); });
    const perSecond = (points * dims) / (ms / 1000);
    console.log(`Sobol' ${seed === null ? "plain    " : "scrambled"}: ${(perSecond / 1e6).toFixed(1)} M coordinates/s ` +
      `(${(perSecond / dims / 1e6).toFixed(2)} M ${dims}-dimensional points/s)`);
  }
}

function sobolAnalysis(name: string, k: number, model: (x: Float64Array[]) => Float64Array, secondOrder: boolean): void {
  const design = saltelliDesign({ inputs: k, baseRows: N, seed: 1, secondOrder });
  let x: Float64Array[] = [];
  const designMs = bestMs(() => (x = saltelliColumns(design, 0, design.rows)));
  const y = model(x);
  const estimateMs = bestMs(() => sobolIndices(y, design, { seed: 1, resamples: RESAMPLES }));
  console.log(`${name}, N = ${N}, ${design.rows} rows${secondOrder ? " (with second order)" : ""}: design ${designMs.toFixed(1)} ms, ` +
    `indices + ${RESAMPLES} bootstrap replicates ${estimateMs.toFixed(0)} ms`);
}

function otherMethods(k: number): void {
  const design = morrisDesign({ inputs: k, trajectories: 1000, seed: 1 });
  const y = sobolG(morrisColumns(design, 0, design.rows), G_A);
  const morrisMs = bestMs(() => morrisIndices(y, design, { seed: 1, resamples: RESAMPLES }));
  console.log(`Morris, G function k = ${k}, 1000 trajectories (${design.rows} rows): design + mu, mu*, sigma + ${RESAMPLES} replicates ${morrisMs.toFixed(0)} ms`);
  const rows = N * (k + 2);
  const x = saltelliColumns(saltelliDesign({ inputs: k, baseRows: N, seed: 2 }), 0, rows);
  const out = sobolG(x, G_A);
  const spearmanMs = bestMs(() => spearman(x, out));
  const prccMs = bestMs(() => prcc(x, out));
  // SRC's bootstrap refits the regression per replicate, O(N k^2) each: timed on 100.
  const srcMs = bestMs(() => src(x, out, { seed: 1, resamples: 100 }));
  console.log(`rank indices, k = ${k}, ${rows} rows: Spearman ${spearmanMs.toFixed(0)} ms, PRCC ${prccMs.toFixed(0)} ms, ` +
    `SRC + 100 bootstrap replicates ${srcMs.toFixed(0)} ms`);
}

export async function sensitivityBench(): Promise<void> {
  sobolRates();
  const toPi = (x: Float64Array[]) => x.map((c) => c.map((u) => -Math.PI + 2 * Math.PI * u));
  sobolAnalysis("Ishigami k = 3", 3, (x) => ishigami(toPi(x)), false);
  sobolAnalysis("Ishigami k = 3", 3, (x) => ishigami(toPi(x)), true);
  sobolAnalysis("Sobol's G k = 10", 10, (x) => sobolG(x, G_A), false);
  sobolAnalysis("Sobol's G k = 10", 10, (x) => sobolG(x, G_A), true);
  otherMethods(10);
}
