// The Sobol' low-discrepancy sequence in Gray-code order (32-bit digits, Joe & Kuo direction
// numbers, up to 128 dimensions), unscrambled or with Owen's nested uniform scrambling.
//
// Why the nested uniform scramble rather than a random linear matrix scramble plus digital
// shift: both keep every point uniform on the cube and every 2^m-point block a (t,m,s)-net,
// but the nested scramble is the randomisation Owen's (1997) results are proved for: unbiased
// means, variance O(1/n) for every square-integrable integrand and O(n^-3 (log n)^(s-1)) for
// smooth ones. Its price, 16 hash rounds per coordinate, is small beside one model
// evaluation. The random tree of digit flips is never stored: the flip of digit b is a hash
// of (seed, dimension, the b digits above it), so point i of dimension j is a pure function
// of (seed, i, j) and any index range generates on its own. Digits 33..52, which a 32-bit net leaves at zero, are
// drawn the same way (deeper levels of the same tree), so scrambled values carry 52 bits and
// lie in (0, 1).
import { badInput } from "../errors.ts";
import { hashAt, mix32, seedKey } from "./counterHash.ts";
import { DIRECTION_ROWS } from "./joeKuoDirections.ts";

export const SOBOL_MAX_DIMENSIONS = DIRECTION_ROWS.length + 1;
/** Points per dimension before 32-bit digits repeat. */
export const SOBOL_MAX_POINTS = 2 ** 32;

const SCRAMBLE_STREAM = 0x50b0;
const TWO_32 = 4294967296;
const TWO_52 = 4503599627370496;

export interface SobolSequence {
  readonly dimensions: number;
  /** null: the plain (unscrambled) sequence. */
  readonly seed: number | null;
  /** Three 32-bit keys of the scrambling hash per dimension (empty when unscrambled). */
  readonly keys: Int32Array;
}

/** A sequence of `dimensions` coordinates, scrambled by `seed` unless it is null. */
export function sobolSequence(dimensions: number, seed: number | null): SobolSequence {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > SOBOL_MAX_DIMENSIONS) {
    badInput("sobol sequence", "dimensions", dimensions, `must be an integer in 1..${SOBOL_MAX_DIMENSIONS}`);
  }
  const keys = new Int32Array(seed === null ? 0 : 3 * dimensions);
  if (seed !== null) {
    const key = seedKey(seed, "sobol sequence");
    for (let i = 0; i < keys.length; i++) keys[i] = hashAt(key, SCRAMBLE_STREAM, i);
  }
  return { dimensions, seed, keys };
}

const directionCache: Int32Array[] = [];

/**
 * Direction numbers v_1..v_32 of dimension j (0-based) as 32-bit integers (v_b = m_b / 2^b
 * scaled by 2^32), from the table's initial m's and the primitive polynomial's recurrence
 * v_b = a_1 v_{b-1} ^ ... ^ a_{s-1} v_{b-s+1} ^ v_{b-s} ^ (v_{b-s} >> s).
 */
export function directionNumbers(j: number): Uint32Array {
  return new Uint32Array(directionWords(j).buffer);
}

/** The same numbers as signed words (the form the generator XORs fastest). */
function directionWords(j: number): Int32Array {
  const cached = directionCache[j];
  if (cached !== undefined) return cached;
  const v = new Int32Array(32);
  if (j === 0) {
    for (let b = 0; b < 32; b++) v[b] = 1 << (31 - b);
  } else {
    const { degree: s, coefficients: a, initial: m } = DIRECTION_ROWS[j - 1];
    for (let b = 0; b < 32; b++) {
      if (b < s) {
        v[b] = m[b] << (31 - b);
        continue;
      }
      let x = v[b - s] ^ (v[b - s] >>> s);
      for (let t = 1; t < s; t++) if ((a >>> (s - 1 - t)) & 1) x ^= v[b - t];
      v[b] = x;
    }
  }
  directionCache[j] = v;
  return v;
}

/** The 32 digits of point `index` in Gray-code order: the XOR of v_b over the set bits of gray(index). */
function digits(v: Int32Array, index: number): number {
  let x = 0;
  for (let b = 0, g = (index ^ (index >>> 1)) >>> 0; g !== 0; b++, g >>>= 1) if (g & 1) x ^= v[b];
  return x;
}

/**
 * Owen-scrambled value of 32 digits `x` in dimension j. Digits go four at a time: one hash of
 * (level, the digits above) yields the 15 flip bits of that 4-level subtree (1 + 2 + 4 + 8
 * nodes), and the digit below a node is flipped by the node's bit. Two finaliser rounds with
 * two keys keep the trees of different dimensions apart. Then 20 deeper digits and a half
 * step, so the value is an odd multiple of 2^-53 in (0, 1).
 */
function scrambled(x: number, keys: Int32Array, j: number): number {
  const k0 = keys[3 * j];
  const k1 = keys[3 * j + 1];
  const k2 = keys[3 * j + 2];
  let out = 0;
  for (let level = 0; level < 32; level += 4) {
    const above = level === 0 ? 0 : x >>> (32 - level);
    const tree = mix32(mix32((above | (1 << level)) ^ k0) ^ k1);
    const nibble = (x >>> (28 - level)) & 15;
    const flips = ((tree & 1) << 3)
      | (((tree >>> (1 + (nibble >>> 3))) & 1) << 2)
      | (((tree >>> (3 + (nibble >>> 2))) & 1) << 1)
      | ((tree >>> (7 + (nibble >>> 1))) & 1);
    out = (out << 4) | (nibble ^ flips);
  }
  const deeper = mix32(mix32(x ^ k2) ^ k0) >>> 12;
  return ((out >>> 0) * 1048576 + deeper + 0.5) / TWO_52;
}

function checkRange(seq: SobolSequence, j: number, start: number, count: number): void {
  if (!Number.isInteger(j) || j < 0 || j >= seq.dimensions) {
    badInput("sobol sequence", "dimension", j, `must be an integer in 0..${seq.dimensions - 1}`);
  }
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > SOBOL_MAX_POINTS) {
    badInput("sobol sequence", "points", `${start}+${count}`, "must be non-negative integers within the first 2^32 points");
  }
}

/** Coordinate j (0-based) of point `index`. */
export function sobolPoint(seq: SobolSequence, index: number, j: number): number {
  checkRange(seq, j, index, 1);
  const x = digits(directionWords(j), index);
  return seq.seed === null ? (x >>> 0) / TWO_32 : scrambled(x, seq.keys, j);
}

/**
 * Coordinate j of points start..start+count-1: the first point's digits directly, then one
 * XOR per point (consecutive Gray codes differ in the bit of the lowest set bit of the index).
 */
export function sobolColumn(seq: SobolSequence, j: number, start: number, count: number, out = new Float64Array(count)): Float64Array {
  checkRange(seq, j, start, count);
  const v = directionWords(j);
  let x = digits(v, start);
  for (let t = 0; t < count; t++) {
    out[t] = seq.seed === null ? (x >>> 0) / TWO_32 : scrambled(x, seq.keys, j);
    const next = start + t + 1;
    x ^= v[31 - Math.clz32(next & -next)];
  }
  return out;
}
