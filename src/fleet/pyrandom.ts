/**
 * The stream of CPython's `random.Random(seed)` for a non-negative integer seed: MT19937
 * seeded by init_by_array with the 32-bit words of the seed, `random()` from two 32-bit
 * outputs (53 bits), `randint` by rejection on the top bits. The paper's reference
 * sampler draws from it, so matching it bit for bit reproduces the published digits.
 */
const N = 624;
const M = 397;

export class PyRandom {
  private readonly mt = new Uint32Array(N);
  private index = N;

  /**
   * `seed` is an integer, or the 32-bit words (least significant first) of a larger one:
   * CPython seeds with exactly these words, its high zero words dropped.
   */
  constructor(seed: number | readonly number[]) {
    if (typeof seed !== "number") {
      if (!seed.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32)) throw new RangeError(`seed words must be 32-bit, got ${seed}`);
      let n = seed.length;
      while (n > 1 && seed[n - 1] === 0) n--;
      this.initByArray(n === 0 ? [0] : seed.slice(0, n));
      return;
    }
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
    const s = Math.abs(seed);
    const key = s < 2 ** 32 ? [s] : [s % 2 ** 32, Math.floor(s / 2 ** 32)];
    this.initByArray(key);
  }

  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = Math.imul(1812433253, prev) + i;
    }
  }

  private initByArray(key: readonly number[]): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (mt[i] ^ Math.imul(prev, 1664525)) + key[j] + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (mt[i] ^ Math.imul(prev, 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }

  /** Regenerates all N words; three loops where the wrap-around indices change, no branch per word. */
  private twist(): void {
    const mt = this.mt;
    let i = 0;
    for (; i < N - M; i++) {
      const y = (mt[i] & 0x80000000) | (mt[i + 1] & 0x7fffffff);
      mt[i] = mt[i + M] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    for (; i < N - 1; i++) {
      const y = (mt[i] & 0x80000000) | (mt[i + 1] & 0x7fffffff);
      mt[i] = mt[i + M - N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    const y = (mt[N - 1] & 0x80000000) | (mt[0] & 0x7fffffff);
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    this.index = 0;
  }

  /** The next 32-bit output (genrand_uint32), as a non-negative number. */
  next32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A float in [0, 1) with 53 random bits, as `random.random()`. */
  random(): number {
    const a = this.next32() >>> 5;
    const b = this.next32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** An integer in [lo, hi] inclusive, as `random.randint(lo, hi)`; hi - lo + 1 must be below 2^32. */
  randint(lo: number, hi: number): number {
    const n = hi - lo + 1;
    if (!(Number.isInteger(n) && n >= 1 && n < 2 ** 32)) throw new RangeError(`randint width ${n} outside [1, 2^32)`);
    const shift = Math.clz32(n); // keep the top bit_length(n) bits
    let r: number;
    do r = this.next32() >>> shift;
    while (r >= n);
    return lo + r;
  }
}
