// Compile-time checks of user-model sweeps (`npx tsc --noEmit` fails if one stops holding):
// the model reads only inputs that exist (uncertain parameters, numeric grid dimensions),
// writes only outputs it declares, and `metrics`, ratio(), `across`, `where` and
// `sensitivity.metrics` name only outputs, derived metrics and grid dimensions.
import { defineSweep, log2Range, ratio, uniform } from "../../src/index.ts";

export const ok = defineSweep({
  name: "typed",
  grid: { n: log2Range(1, 8), label: ["p", "q"], w: [1, 2] },
  uncertain: { x: { dist: uniform(0, 1) } },
  model: {
    outputs: { y: "1", z: "W" },
    evaluate: ({ x, n, w }, { y, z }, rows) => {
      for (let r = 0; r < rows; r++) y[r] = z[r] = x[r] * n[r] * w[r];
    },
  },
  metrics: ["y"],
  derived: { gain: ratio("y", { w: 2 }, { w: 1 }) },
  sensitivity: { metrics: ["y", "gain"] },
});

export const unknownRatioMetric = defineSweep({
  name: "typo",
  grid: { w: [1, 2] },
  uncertain: { x: { dist: uniform(0, 1) } },
  model: { outputs: { y: "1" }, evaluate: ({ x }, { y }) => y.set(x) },
  // @ts-expect-error: ratio() of an output that does not exist
  derived: { gain: ratio("yy", { w: 2 }, { w: 1 }) },
});

export const unknownWhere = defineSweep({
  name: "typo",
  grid: { w: [1, 2] },
  // @ts-expect-error: where names a dimension that does not exist
  uncertain: { x: { dist: uniform(0, 1), where: { ww: 1 } } },
  model: { outputs: { y: "1" }, evaluate: ({ x }, { y }) => y.set(x) },
});

export const unknownIndexMetric = defineSweep({
  name: "typo",
  grid: { w: [1, 2] },
  uncertain: { x: { dist: uniform(0, 1) } },
  model: { outputs: { y: "1" }, evaluate: ({ x }, { y }) => y.set(x) },
  derived: { gain: ratio("y", { w: 2 }, { w: 1 }) },
  // @ts-expect-error: indices of a metric that is neither an output nor derived
  sensitivity: { metrics: ["gain", "z"] },
});

export const unknownInput = defineSweep({
  name: "typo",
  grid: { w: [1] },
  uncertain: { x: { dist: uniform(0, 1) } },
  model: {
    outputs: { y: "1" },
    // @ts-expect-error: "xx" is not an uncertain parameter or numeric dimension
    evaluate: ({ xx }, { y }) => y.set(xx),
  },
});

export const labelIsNoInput = defineSweep({
  name: "label",
  grid: { label: ["p"] },
  uncertain: { x: { dist: uniform(0, 1) } },
  model: {
    outputs: { y: "1" },
    // @ts-expect-error: a label dimension is not a numeric input
    evaluate: ({ label }, { y }) => y.set(label),
  },
});

export const unknownOutput = defineSweep({
  name: "typo",
  grid: { w: [1] },
  uncertain: { x: { dist: uniform(0, 1) } },
  model: {
    outputs: { y: "1" },
    // @ts-expect-error: "z" is not a declared output
    evaluate: ({ x }, { z }) => z.set(x),
  },
});

export const unknownMetric = defineSweep({
  name: "typo",
  grid: { w: [1] },
  uncertain: { x: { dist: uniform(0, 1) } },
  model: { outputs: { y: "1" }, evaluate: ({ x }, { y }) => y.set(x) },
  // @ts-expect-error: metrics may name only the model's outputs
  metrics: ["yy"],
});

export const evaluatorAndModel = defineSweep({
  name: "both",
  // @ts-expect-error: a user model replaces the evaluator; naming one too is a mistake
  evaluator: "fleet",
  grid: { w: [1] },
  uncertain: { x: { dist: uniform(0, 1) } },
  model: { outputs: { y: "1" }, evaluate: ({ x }, { y }) => y.set(x) },
});
