// Benchmark functions of sensitivity analysis with analytic indices, vectorised over input
// columns (column i holds input i of every row). Used by the tests and the benchmark to
// check estimators against known answers.

/** Analytic first-order and total indices, and second-order ones by pair. */
export interface AnalyticIndices {
  readonly first: number[];
  readonly total: number[];
  /** S_ij for i < j. */
  second(i: number, j: number): number;
}

/** Ishigami: sin x1 + a sin^2 x2 + b x3^4 sin x1, inputs uniform on [-pi, pi]. */
export function ishigami(x: readonly Float64Array[], a = 7, b = 0.1, out = new Float64Array(x[0].length)): Float64Array {
  const [x1, x2, x3] = x;
  for (let r = 0; r < out.length; r++) {
    const s1 = Math.sin(x1[r]);
    const s2 = Math.sin(x2[r]);
    const q = x3[r] * x3[r];
    out[r] = s1 + a * s2 * s2 + b * q * q * s1;
  }
  return out;
}

/**
 * Ishigami's indices: with pi4 = pi^4, V1 = (1 + b pi4/5)^2 / 2, V2 = a^2/8, V3 = 0,
 * V13 = b^2 pi4^2 (1/18 - 1/50), V = V1 + V2 + V13.
 */
export function ishigamiIndices(a = 7, b = 0.1): AnalyticIndices {
  const pi4 = Math.PI ** 4;
  const V1 = (1 + (b * pi4) / 5) ** 2 / 2;
  const V2 = (a * a) / 8;
  const V13 = b * b * pi4 * pi4 * (1 / 18 - 1 / 50);
  const V = V1 + V2 + V13;
  return {
    first: [V1 / V, V2 / V, 0],
    total: [(V1 + V13) / V, V2 / V, V13 / V],
    second: (i, j) => (i === 0 && j === 2 ? V13 / V : 0),
  };
}

/** Sobol's G function: prod_i (|4 x_i - 2| + a_i) / (1 + a_i), inputs uniform on [0, 1]. */
export function sobolG(x: readonly Float64Array[], a: readonly number[], out = new Float64Array(x[0].length)): Float64Array {
  out.fill(1);
  for (let i = 0; i < a.length; i++) {
    const xi = x[i];
    for (let r = 0; r < out.length; r++) out[r] *= (Math.abs(4 * xi[r] - 2) + a[i]) / (1 + a[i]);
  }
  return out;
}

/**
 * G's indices: factor i has partial variance V_i = 1 / (3 (1 + a_i)^2), the product form gives
 * V = prod (1 + V_i) - 1, V_ij = V_i V_j and ST_i = V_i prod_{j != i} (1 + V_j) / V.
 */
export function sobolGIndices(a: readonly number[]): AnalyticIndices {
  const Vi = a.map((ai) => 1 / (3 * (1 + ai) ** 2));
  const V = Vi.reduce((p, v) => p * (1 + v), 1) - 1;
  return {
    first: Vi.map((v) => v / V),
    total: Vi.map((v, i) => (v * Vi.reduce((p, w, j) => (j === i ? p : p * (1 + w)), 1)) / V),
    second: (i, j) => (Vi[i] * Vi[j]) / V,
  };
}

/** Linear model sum_i c_i x_i. */
export function linearModel(x: readonly Float64Array[], c: readonly number[], out = new Float64Array(x[0].length)): Float64Array {
  out.fill(0);
  for (let i = 0; i < c.length; i++) {
    const xi = x[i];
    for (let r = 0; r < out.length; r++) out[r] += c[i] * xi[r];
  }
  return out;
}

/** Linear model with independent inputs of equal variance: S_i = ST_i = c_i^2 / sum c_j^2, no interactions. */
export function linearIndices(c: readonly number[]): AnalyticIndices {
  const total = c.reduce((s, ci) => s + ci * ci, 0);
  const first = c.map((ci) => (ci * ci) / total);
  return { first, total: first, second: () => 0 };
}
