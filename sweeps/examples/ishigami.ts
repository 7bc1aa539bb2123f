// Ishigami's function, the classic known-answer test of Sobol' indices, as a user model:
// y = sin x1 + a sin² x2 + b x3⁴ sin x1 with x1, x2, x3 uniform on [-π, π], a = 7, b = 0.1.
// Analytic indices: S1 = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437 (x1 acts through
// its interaction with x3). `wattsweep run sweeps/examples/ishigami.ts` → indices.csv, indices_s2.csv.
import { defineSweep, uniform } from "wattsweep";

export default defineSweep({
  name: "ishigami",
  grid: { a: [7], b: [0.1] },
  uncertain: {
    x1: { dist: uniform(-Math.PI, Math.PI) },
    x2: { dist: uniform(-Math.PI, Math.PI) },
    x3: { dist: uniform(-Math.PI, Math.PI) },
  },
  model: {
    outputs: { y: "1" },
    evaluate: ({ x1, x2, x3, a, b }, { y }, rows) => {
      for (let r = 0; r < rows; r++) {
        const s2 = Math.sin(x2[r]);
        y[r] = Math.sin(x1[r]) * (1 + b[r] * x3[r] ** 4) + a[r] * s2 * s2;
      }
    },
  },
  method: "sobol",
  samples: 8192,
  sensitivity: { secondOrder: true },
  seed: 1,
});
