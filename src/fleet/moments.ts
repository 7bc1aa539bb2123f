import { int, nSlots, type Profile } from "../model/index.ts";
import { PyRandom } from "./pyrandom.ts";
import type { Cdf } from "./workload.ts";

/**
 * Service time of a request of total length L (docs/model.md §2, §8) is
 *   S(L) = m(L) * (W + h * Lb(L)),  m = ceil(lin/chunk) + lout,  Lb = lin + lout,
 * with h = H * nSlots / Lcal. Only W, h and the prefill iteration depend on the profile's
 * speed, so a pool's moments factor into these expectations over L, which depend on the
 * length distribution and the chunk size alone, and are reused across perturbed profiles.
 */
export interface LengthMoments {
  /** E[m], E[m Lb], E[m^2], E[m^2 Lb], E[m^2 Lb^2] */
  m1: number;
  mL: number;
  m2: number;
  m2L: number;
  m2L2: number;
  /** E[ceil(lin/chunk)]: prefill iterations */
  c1: number;
}

/** How to take the expectation over request lengths (docs/model.md §9). */
export interface MomentMethod {
  sampler: "exact" | "reference";
  /** reference sampler only: CPython seed (default 42) and number of draws (default 3000) */
  seed?: number;
  draws?: number;
}

export const EXACT: MomentMethod = { sampler: "exact" };

/** Running sums: [weight, m, m Lb, m^2, m^2 Lb, m^2 Lb^2, c]. */
type Sums = Float64Array;

function addLength(s: Sums, L: number, chunk: number, w: number): void {
  const lin = Math.max(1, int(0.8 * L));
  const lout = Math.max(1, L - lin);
  const c = Math.ceil(lin / chunk);
  const m = c + lout;
  const lb = lin + lout;
  s[0] += w;
  s[1] += w * m;
  s[2] += w * m * lb;
  s[3] += w * m * m;
  s[4] += w * m * m * lb;
  s[5] += w * m * m * lb * lb;
  s[6] += w * c;
}

function toMoments(s: Sums): LengthMoments {
  const w = s[0];
  return { m1: s[1] / w, mL: s[2] / w, m2: s[3] / w, m2L: s[4] / w, m2L2: s[5] / w, c1: s[6] / w };
}

// Sums of x^p for x = 1..n (Faulhaber), p = 1..4.
const f1 = (n: number) => (n * (n + 1)) / 2;
const f2 = (n: number) => (n * (n + 1) * (2 * n + 1)) / 6;
const f3 = (n: number) => f1(n) * f1(n);
const f4 = (n: number) => (n * (n + 1) * (2 * n + 1) * (3 * n * n + 3 * n - 1)) / 30;

/** Largest L whose lin = floor(4L/5) is at most K. */
const lastLengthWithLin = (K: number) => Math.floor((5 * K + 4) / 4);

/**
 * Adds w/(b-a+1) times the sum over every integer L in [a, b] (a >= 2) in closed form.
 * For L >= 2, lin = floor(4L/5) (int(0.8 L) in binary floating point equals it, as 0.8 rounds
 * up) and lout = ceil(L/5). The range is cut into runs where c = ceil(lin/chunk) is a
 * constant k; within a run and one residue r = L mod 5, L = 5q + r and m = k + q + [r > 0]
 * are linear in q, so each sum is a combination of power sums of x = m.
 */
function addRange(s: Sums, a: number, b: number, chunk: number, w: number): void {
  const scale = w / (b - a + 1);
  s[0] += w;
  let k = Math.ceil(Math.floor((4 * a) / 5) / chunk);
  for (let lo = a; lo <= b; k++) {
    const hi = Math.min(b, lastLengthWithLin(k * chunk));
    for (let r = 0; r < 5; r++) {
      const d = r > 0 ? 1 : 0;
      const qa = Math.ceil((lo - r) / 5);
      const qb = Math.floor((hi - r) / 5);
      if (qa > qb) continue;
      const xa = qa + k + d - 1; // exclusive lower end for the power sums
      const xb = qb + k + d;
      const c0 = 5 * k + 5 * d - r; // L = 5x - c0
      const n = xb - xa;
      const s1 = f1(xb) - f1(xa);
      const s2 = f2(xb) - f2(xa);
      const s3 = f3(xb) - f3(xa);
      const s4 = f4(xb) - f4(xa);
      s[1] += scale * s1;
      s[2] += scale * (5 * s2 - c0 * s1);
      s[3] += scale * s2;
      s[4] += scale * (5 * s3 - c0 * s2);
      s[5] += scale * (25 * s4 - 10 * c0 * s3 + c0 * c0 * s2);
      s[6] += scale * k * n;
    }
    lo = hi + 1;
  }
}

/**
 * Walks the knots as the sampler does: knot i holds mass f[i] - f[i-1]; its lengths are
 * uniform on [max(1, t[i-1]+1), min(poolMax, t[i])], or exactly poolMax when that is empty.
 */
function exactSums(cdf: Cdf, poolMax: number, chunk: number): Sums {
  const s: Sums = new Float64Array(7);
  let tPrev = 0;
  let fPrev = 0;
  for (let i = 0; i < cdf.t.length; i++) {
    const mass = cdf.f[i] - fPrev;
    const lo = Math.max(1, tPrev + 1);
    const hi = Math.min(poolMax, cdf.t[i]);
    tPrev = cdf.t[i];
    fPrev = cdf.f[i];
    if (mass <= 0) continue;
    if (lo > hi) {
      addLength(s, poolMax, chunk, mass);
      continue;
    }
    const width = hi - lo + 1;
    if (lo === 1) addLength(s, 1, chunk, mass / width); // L = 1 is special: lin = lout = 1
    const from = Math.max(lo, 2);
    if (from <= hi) addRange(s, from, hi, chunk, (mass * (hi - from + 1)) / width);
  }
  return s;
}

/** The exact expectation, conditioned on a draw landing within the last knot's fraction. */
export function exactLengthMoments(cdf: Cdf, poolMax: number, chunk: number): LengthMoments {
  return toMoments(exactSums(cdf, poolMax, chunk));
}

/**
 * The paper's reference sampler: `draws` lengths from CPython's Random(seed), one random()
 * per draw and a randint only when the knot's range is non-empty. A CDF whose last
 * fraction is below 1 scales u by it (a no-op for the paper's CDFs), so both methods
 * estimate the same conditional expectation.
 */
export function sampledLengthMoments(cdf: Cdf, poolMax: number, chunk: number, seed = 42, draws = 3000): LengthMoments {
  return momentsOfLengths(referenceLengths(cdf, poolMax, seed, draws), chunk);
}

/** The lengths the reference sampler draws (sampledLengthMoments), in order; they do not depend on the chunk size. */
export function referenceLengths(cdf: Cdf, poolMax: number, seed = 42, draws = 3000): Float64Array {
  const rng = new PyRandom(seed);
  const lengths = new Float64Array(draws);
  const { t, f } = cdf;
  const fLast = f[f.length - 1];
  for (let d = 0; d < draws; d++) {
    const u = fLast === 1 ? rng.random() : rng.random() * fLast;
    let i = 0;
    while (i < t.length - 1 && u > f[i]) i++;
    const lo = Math.max(1, i > 0 ? t[i - 1] + 1 : 1);
    const hi = Math.min(poolMax, t[i]);
    lengths[d] = lo <= hi ? rng.randint(lo, hi) : poolMax;
  }
  return lengths;
}

/** The moments of drawn lengths, each of weight 1, summed in their order. */
export function momentsOfLengths(lengths: Float64Array, chunk: number): LengthMoments {
  const s: Sums = new Float64Array(7);
  for (let d = 0; d < lengths.length; d++) addLength(s, lengths[d], chunk, 1);
  return toMoments(s);
}

export function lengthMoments(cdf: Cdf, poolMax: number, chunk: number, method: MomentMethod): LengthMoments {
  return method.sampler === "exact"
    ? exactLengthMoments(cdf, poolMax, chunk)
    : sampledLengthMoments(cdf, poolMax, chunk, method.seed ?? 42, method.draws ?? 3000);
}

/** Per-GPU service statistics of a pool served by `profile` at window `poolMax` (docs/model.md §9). */
export interface ServiceMoments {
  nSlots: number;
  /** E[S] and E[S^2] in s and s^2 */
  e1: number;
  e2: number;
  cv2: number;
  /** requests per second one GPU (instance) completes with every slot busy */
  muGpu: number;
  meanPrefillS: number;
}

export function serviceMoments(lm: LengthMoments, p: Profile, poolMax: number): ServiceMoments {
  const n = nSlots(p, poolMax);
  const h = (p.H * n) / p.Lcal;
  const e1 = p.W * lm.m1 + h * lm.mL;
  const e2 = p.W * p.W * lm.m2 + 2 * p.W * h * lm.m2L + h * h * lm.m2L2;
  return {
    nSlots: n, e1, e2,
    cv2: Math.max(0.01, e2 / (e1 * e1) - 1),
    muGpu: n / e1,
    meanPrefillS: lm.c1 * (p.W + p.H),
  };
}
