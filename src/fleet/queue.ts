/**
 * M/G/c waiting (MODEL.md §9). Erlang-C is evaluated through r(k) = sum_{j<=k} a^j/j! /
 * (a^k/k!), which obeys r(k) = 1 + r(k-1) k / a and gives C(c, a) = c / (r(c) (c - a) + a).
 * This is the log-space sum held as a ratio: no factorial or power is ever formed, every
 * step is one multiply-add, and when r overflows C is below 1e-300 and comes out as 0,
 * so it is finite for any c. Extending c to c' continues from r(c), which makes the GPU
 * search incremental.
 *
 * Terms below k0 = a - 12 sqrt(a) are skipped: their share of the Poisson(a) mass is
 * below exp(-72) (Chernoff), far under double precision, and c >= a always.
 */
export class ErlangC {
  private k: number;
  private r = 1;
  private readonly invA: number;

  constructor(readonly a: number) {
    this.invA = 1 / a;
    this.k = Math.max(0, Math.floor(a - 12 * Math.sqrt(a)));
  }

  /** Probability of waiting with c servers (1 when c <= a); c must not go below an earlier call's. */
  at(c: number): number {
    if (this.a <= 0) return 0;
    if (c <= this.a) return 1;
    let { k, r } = this;
    const invA = this.invA;
    while (k < c) {
      k++;
      r = 1 + r * k * invA;
    }
    this.k = k;
    this.r = r;
    return c / (r * (c - this.a) + this.a);
  }
}

/** Erlang-C probability that an arrival waits, c servers, offered load a < c. */
export function erlangC(c: number, a: number): number {
  return new ErlangC(a).at(c);
}

/**
 * Kimura's P99 waiting time (s) for c servers of rate mu each at arrival rate lam, given the
 * Erlang-C probability C and the service-time cv^2.
 */
export function kimuraP99(c: number, lam: number, mu: number, cv2: number, C: number): number {
  if (lam / mu / c >= 1) return Infinity;
  if (C <= 0.01) return 0;
  return Math.log(C / 0.01) / ((2 * (c * mu - lam)) / (1 + cv2));
}

/** Search guard: beyond this many GPUs past the start, a pool is declared unsizable. */
const SEARCH_SPAN = 100_000;

export interface GpuCount {
  gpus: number;
  /** P99 wait (s) at `gpus` */
  p99WaitS: number;
  /** false when no fleet up to the search guard brings the P99 wait under the SLO */
  found: boolean;
}

/**
 * Fewest GPUs (instances of nS slots, muGpu requests/s each) whose P99 wait is within
 * sloS, then at least enough to keep utilisation at or under 85 %.
 */
export function minGpus(lam: number, muGpu: number, nS: number, cv2: number, sloS: number): GpuCount {
  const muSlot = muGpu / nS;
  const erlang = new ErlangC(lam / muSlot);
  const p99 = (g: number) => {
    const c = g * nS;
    return lam / muSlot / c >= 1 ? Infinity : kimuraP99(c, lam, muSlot, cv2, erlang.at(c));
  };
  const g0 = Math.max(1, Math.ceil(lam / muGpu) + 1);
  let g = g0;
  let wait = p99(g);
  while (wait > sloS && g < g0 + SEARCH_SPAN) wait = p99(++g);
  const found = wait <= sloS;
  const floor = Math.ceil(lam / (muGpu * 0.85));
  if (floor > g) {
    g = floor;
    wait = p99(g);
  }
  return { gpus: g, p99WaitS: wait, found };
}
