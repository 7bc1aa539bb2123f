// Sobol's G function as a user model: G = Π (|4 x_i − 2| + a_i) / (1 + a_i), x_i uniform on
// [0, 1]. The smaller a_i, the more x_i matters: V_i = 1 / (3 (1 + a_i)²), so with
// a = 0, 1, 4.5, 9, 99, 99 the analytic S1 are 0.716, 0.179, 0.024, 0.007, 0.00007, 0.00007
// (ST a little larger: the product makes interactions). `wattsweep run sweeps/examples/sobol-g.ts`
import { defineSweep, uniform } from "wattsweep";

const A = [0, 1, 4.5, 9, 99, 99];

export default defineSweep({
  name: "sobol-g",
  grid: { k: [A.length] },
  uncertain: {
    x1: { dist: uniform(0, 1) },
    x2: { dist: uniform(0, 1) },
    x3: { dist: uniform(0, 1) },
    x4: { dist: uniform(0, 1) },
    x5: { dist: uniform(0, 1) },
    x6: { dist: uniform(0, 1) },
  },
  model: {
    outputs: { g: "1" },
    evaluate: ({ x1, x2, x3, x4, x5, x6 }, { g }, rows) => {
      const x = [x1, x2, x3, x4, x5, x6];
      g.fill(1);
      for (let i = 0; i < A.length; i++) {
        for (let r = 0; r < rows; r++) g[r] *= (Math.abs(4 * x[i][r] - 2) + A[i]) / (1 + A[i]);
      }
    },
  },
  method: "sobol",
  samples: 8192,
  seed: 1,
});
