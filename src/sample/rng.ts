// Counter-based random numbers: every draw is a pure hash of its coordinates (seed, parameter,
// stream, sample, purpose), so a value never depends on which worker, chunk or shard computes
// it, nor in what order. No state, no allocation.

/** 32-bit avalanche step (xor-shift / multiply); every input bit flips about half the output bits. */
function mix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * hash5's first four rounds: the state a column of draws shares (seed words, parameter,
 * stream), so that each draw of the column costs only the rounds of its counter (uniformOfPrefix).
 * As a signed 32-bit integer (its readers only xor it, so the bits are what count): the engine
 * then always passes it as a small integer, and code compiled for one column's prefix is not
 * thrown away at the next's (an unsigned one above 2^31 is a boxed number).
 */
export function hashPrefix(a: number, b: number, c: number, d: number): number {
  const h = mix((mix(a ^ 0x9e3779b9) ^ b) + 0x632be5ab);
  return mix((mix((h ^ c) + 0x85157af5) ^ d) + 0x7f4a7c15) | 0;
}

/** Hash of five 32-bit words; absorbs one word per round so that (a,b) and (b,a) differ. */
export function hash5(a: number, b: number, c: number, d: number, e: number): number {
  return mix((hashPrefix(a, b, c, d) ^ e) + 0x2545f491);
}

/**
 * Uniform in the open interval (0, 1) with 53 random bits, from the hash of the coordinates.
 * The half-step offset keeps it away from 0 and 1, so inverse CDFs stay finite. The definition
 * of the generator (its tests pin its values); draws compute it as uniformOfPrefix.
 */
export function uniformAt(seedLo: number, seedHi: number, key: number, stream: number, counter: number): number {
  return uniformOfPrefix(hashPrefix(seedLo, seedHi, key, stream), counter);
}

/** uniformAt(seedLo, seedHi, key, stream, counter), given `prefix` = hashPrefix(seedLo, seedHi, key, stream). */
export function uniformOfPrefix(prefix: number, counter: number): number {
  // | 0: the same bits for mix (it reads its input as 32 bits), and an addition the optimizing
  // compiler keeps in 32-bit integers instead of one whose first overflow throws its code away
  const h = mix(((prefix ^ counter) + 0x2545f491) | 0);
  const hi = mix(h ^ 0x5bd1e995) >>> 5;
  const lo = mix(h ^ 0x1b873593) >>> 6;
  return (hi * 67108864 + lo + 0.5) / 9007199254740992;
}

/** Splits a seed (any safe non-negative integer) into its low and high 32-bit words. */
export function seedWords(seed: number): [number, number] {
  return [seed >>> 0, Math.floor(seed / 4294967296) >>> 0];
}
