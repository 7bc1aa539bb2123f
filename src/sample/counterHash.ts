// Counter-based randomness for the sensitivity designs and their bootstraps: every random
// choice is a pure hash of its coordinates (seed, stream, counter, sub-counter), so a design
// row or a bootstrap replicate never depends on which worker, chunk or order produced it.
// Words stay signed 32-bit integers throughout, which keeps V8 on its integer fast path.
import { badInput } from "../errors.ts";

/** MurmurHash3's 32-bit finaliser (fmix32): a bijection on 32-bit words with full avalanche. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return x ^ (x >>> 16);
}

/** A seed split into 32-bit words, checked once. */
export interface SeedKey {
  readonly lo: number;
  readonly hi: number;
}

/** Checks a seed (a safe non-negative integer) and splits it; `where` names it in the error. */
export function seedKey(seed: number, where: string): SeedKey {
  if (!Number.isSafeInteger(seed) || seed < 0) badInput(where, "seed", seed, "must be a non-negative safe integer");
  return { lo: seed | 0, hi: Math.floor(seed / 4294967296) | 0 };
}

/**
 * 32-bit hash of (seed, stream, counter): one word per finaliser round, so swapping two
 * coordinates changes the result. It is the root under which draws are taken by sub-counter.
 */
export function hashAt(key: SeedKey, stream: number, counter: number): number {
  let h = mix32(key.lo ^ 0x3c6ef372);
  h = mix32(((h ^ key.hi) + 0x9e3779b9) | 0);
  h = mix32(((h ^ stream) + 0x6a09e667) | 0);
  return mix32(((h ^ counter) + 0xbb67ae85) | 0);
}

/** Uniform on [0, 1) with 53 random bits: draw `sub` under the root hash `root`. */
export function uniformFrom(root: number, sub: number): number {
  const h = mix32(((root ^ sub) + 0xa54ff53a) | 0);
  const hi = mix32(h ^ 0x510e527f) >>> 5;
  const lo = mix32(h ^ 0x1f83d9ab) >>> 6;
  return (hi * 67108864 + lo) / 9007199254740992;
}

/** Uniform on [0, 1), a pure function of (seed, stream, counter, sub). */
export function uniformAt(key: SeedKey, stream: number, counter: number, sub = 0): number {
  return uniformFrom(hashAt(key, stream, counter), sub);
}
