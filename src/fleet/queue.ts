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

export interface GpuCount {
  gpus: number;
  /** P99 wait (s) at `gpus` */
  p99WaitS: number;
}

/**
 * Fewest GPUs (instances of nS slots, muGpu requests/s each) whose P99 wait is within
 * sloS, then at least enough to keep utilisation at or under 85 %: the spec scans g up
 * from g0 = ceil(lam/muGpu) + 1 and takes the larger of that and the 85 % floor. The P99
 * wait never rises with g (C falls, c*mu - lam grows), so the same answer comes from
 * trying s = max(g0, floor) first (usually enough, and cheap: at 85 % load the Erlang sum
 * proves C <= 1 % within a few terms), then galloping and bisecting above s. The wait
 * tends to 0 as g grows, so the search ends for any positive SLO.
 */
export function minGpus(lam: number, muGpu: number, nS: number, cv2: number, sloS: number): GpuCount {
  const muSlot = muGpu / nS;
  // plain calls, no closure: tsx gives every closure it creates a name (defineProperty), costlier than the sum
  let good = Math.max(Math.ceil(lam / muGpu) + 1, Math.ceil(lam / (muGpu * 0.85)), 1);
  let wait = kimuraP99(good * nS, lam, muSlot, cv2);
  if (wait > sloS) {
    let bad = good;
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
  }
  return { gpus: good, p99WaitS: wait };
}
