/**
 * M/G/c waiting (docs/model.md §9). Erlang-C is evaluated through the ratio
 *   r = sum_{j<=c} (a^j/j!) / (a^c/c!) = 1 + c/a + c(c-1)/a^2 + ...,  C(c, a) = c / (r (c - a) + a),
 * summed from j = c downwards, each term the previous one times j/a. This is the log-space
 * sum held relative to its last term: no factorial or power is formed, and when r
 * overflows C is below 1e-300 and comes out as 0, so it is finite for any c.
 *
 * Terms below k0 = a - 12 sqrt(a) are skipped: their share of the Poisson(a) mass is below
 * exp(-72) (Chernoff), far under double precision, and c > a always.
 */
function ratioSum(c: number, a: number, stopAt: number): number {
  const k0 = Math.max(0, Math.floor(a - 12 * Math.sqrt(a)));
  const invA = 1 / a;
  let term = 1;
  let sum = 1;
  for (let j = c; j > k0 && sum < stopAt; j--) {
    term *= j * invA;
    sum += term;
  }
  return sum;
}

/** Erlang-C probability that an arrival waits: c servers, offered load a (1 when a >= c). */
export function erlangC(c: number, a: number): number {
  if (a <= 0) return 0;
  if (a >= c) return 1;
  return c / (ratioSum(c, a, Infinity) * (c - a) + a);
}

/**
 * Kimura's P99 waiting time (s): c servers of rate mu each, arrival rate lam, service cv^2.
 * Infinite when overloaded; 0 when C <= 0.01, which the sum proves as soon as its partial
 * value reaches the r that makes C = 0.01, usually after a few dozen terms.
 */
export function kimuraP99(c: number, lam: number, mu: number, cv2: number): number {
  const a = lam / mu;
  if (a / c >= 1) return Infinity;
  if (a <= 0) return 0;
  const rAtOnePercent = (100 * c - a) / (c - a);
  const r = ratioSum(c, a, rAtOnePercent);
  if (r >= rAtOnePercent) return 0;
  const C = c / (r * (c - a) + a);
  return Math.log(C / 0.01) / ((2 * (c * mu - lam)) / (1 + cv2));
}

/** The paper's utilisation cap (docs/model.md, pool sizing): a pool is sized to be at most 85 % busy. */
export const PAPER_MAX_UTILISATION = 0.85;

/**
 * Which rule set a pool's GPU count: the P99 wait ("slo"), the utilisation cap ("cap") or
 * the spec's search start ceil(lam/muGpu) + 1 ("start"). The SLO binds when it needs more
 * GPUs than both others; otherwise the cap when it needs at least as many as the start.
 */
export type Binding = "slo" | "cap" | "start";

export interface GpuCount {
  gpus: number;
  /** P99 wait (s) at `gpus` */
  p99WaitS: number;
  /** ceil(lam/muGpu) + 1, and ceil(lam/(muGpu maxUtilisation)); both null without a cap (maxUtilisation 1) */
  gStart: number | null;
  gCap: number | null;
  binding: Binding;
}

/**
 * Fewest GPUs above `bad` (a count known to miss the SLO) whose P99 wait is within sloS.
 * The P99 wait never rises with g (C falls, c*mu - lam grows) and tends to 0, so galloping
 * then bisecting finds it for any positive SLO.
 */
function firstMeeting(bad: number, lam: number, muSlot: number, nS: number, cv2: number, sloS: number): { gpus: number; wait: number } {
  // plain calls, no closure: tsx gives every closure it creates a name (defineProperty), costlier than the sum
  let good = bad;
  let wait = Infinity;
  for (let step = 1; ; step *= 2) {
    good = bad + step;
    wait = kimuraP99(good * nS, lam, muSlot, cv2);
    if (!(wait > sloS)) break;
    bad = good;
  }
  while (good - bad > 1) {
    const mid = Math.floor((good + bad) / 2);
    const w = kimuraP99(mid * nS, lam, muSlot, cv2);
    if (w > sloS) {
      bad = mid;
    } else {
      good = mid;
      wait = w;
    }
  }
  return { gpus: good, wait };
}

/** g_slo: the fewest GPUs whose P99 wait meets sloS, whatever the utilisation (lam > 0). */
export function sloGpus(lam: number, muGpu: number, nS: number, cv2: number, sloS: number): number {
  // floor(lam/muGpu) GPUs run at rho >= 1: an infinite wait
  return firstMeeting(Math.floor(lam / muGpu), lam, muGpu / nS, nS, cv2, sloS).gpus;
}

/**
 * GPUs for a pool (instances of nS slots, muGpu requests/s each). The spec scans g up from
 * g0 = ceil(lam/muGpu) + 1 until the P99 wait is within sloS and takes the larger of that
 * and the cap's floor ceil(lam/(muGpu maxUtilisation)), i.e. max(g0, g_slo, g_cap). The
 * same answer comes from trying s = max(g0, g_cap) first (usually enough, and cheap: at
 * 85 % load the Erlang sum proves C <= 1 % within a few terms), then searching above s.
 * maxUtilisation 1 means no utilisation rule: the count is g_slo alone (the start, one GPU
 * of headroom over the load, goes with the cap).
 */
export function minGpus(lam: number, muGpu: number, nS: number, cv2: number, sloS: number,
  maxUtilisation = PAPER_MAX_UTILISATION): GpuCount {
  const muSlot = muGpu / nS;
  if (maxUtilisation >= 1) {
    const g = sloGpus(lam, muGpu, nS, cv2, sloS);
    return { gpus: g, p99WaitS: kimuraP99(g * nS, lam, muSlot, cv2), gStart: null, gCap: null, binding: "slo" };
  }
  const gStart = Math.max(Math.ceil(lam / muGpu) + 1, 1);
  const gCap = Math.ceil(lam / (muGpu * maxUtilisation));
  const s = Math.max(gStart, gCap, 1);
  const wait = kimuraP99(s * nS, lam, muSlot, cv2);
  if (wait > sloS) {
    const found = firstMeeting(s, lam, muSlot, nS, cv2, sloS);
    return { gpus: found.gpus, p99WaitS: found.wait, gStart, gCap, binding: "slo" };
  }
  return { gpus: s, p99WaitS: wait, gStart, gCap, binding: gCap >= gStart ? "cap" : "start" };
}
