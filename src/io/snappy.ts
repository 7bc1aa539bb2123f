// Snappy compression (the raw format, as Parquet pages hold it): the uncompressed length as a
// varint, then literals and back-references. Input is taken in blocks of 64 KiB, each matched
// only against itself, so every copy's offset fits two bytes. A hash table of 4-byte prefixes
// finds candidates; where none has matched for a while the scan steps faster, so incompressible
// input (the mantissas of sampled doubles) is mostly copied, not searched.
import { varintAt } from "./bytes.ts";

/** Bytes of a block; a literal, within one block, is at most this long (its length-1 fits two bytes). */
const BLOCK = 1 << 16;
const HASH_BITS = 14;

/** Room for the worst case: every byte a literal, plus their tags and the length. */
function maxCompressedLength(n: number): number {
  return 32 + n + Math.ceil(n / 6);
}

/** Four bytes at i as a signed 32-bit integer (only compared for equality and hashed). */
function load32(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
}

function hash(x: number): number {
  return Math.imul(x, 0x1e35a7bd) >>> (32 - HASH_BITS);
}

/** Output and hash table kept from call to call, rather than allocated (and zeroed) for every page. */
let scratch = new Uint8Array(0);
const table = new Int32Array(1 << HASH_BITS);

/** The compressed bytes of `input` (a new array). */
export function snappyCompress(input: Uint8Array): Uint8Array {
  if (scratch.length < maxCompressedLength(input.length)) scratch = new Uint8Array(maxCompressedLength(input.length));
  let o = varintAt(scratch, 0, input.length);
  for (let start = 0; start < input.length; start += BLOCK) o = compressBlock(input, start, Math.min(input.length, start + BLOCK), scratch, o, table);
  return scratch.slice(0, o);
}

/**
 * Bytes [from, to) of one block (none: nothing) as a literal: its tag (length - 1 in it, or 60
 * or 61 and that in 1 or 2 bytes after it), then the bytes. Every form's arithmetic runs on every
 * call and the form is picked by selection, not by branches: code the optimizing compiler
 * builds after the first pages has no feedback for a branch those pages never took (literals of
 * 60 bytes or more), and threw itself away when one came (`node --trace-deopt`). The bytes
 * written past a short tag are overwritten by what follows, or lie past the end returned.
 */
function emitLiteral(input: Uint8Array, from: number, to: number, out: Uint8Array, o: number): number {
  if (to === from) return o;
  const n = to - from - 1;
  const extra = (n >= 60 ? 1 : 0) + (n >= 0x100 ? 1 : 0);
  const short = n << 2;
  const long = (59 + extra) << 2;
  out[o] = extra === 0 ? short : long;
  out[o + 1] = n & 0xff;
  out[o + 2] = n >>> 8;
  o += 1 + extra;
  // byte by byte, not by subarray and set: most literals are a few bytes (between the short
  // copies that doubles' shared exponent bytes give), for which a subarray costs more than the copy
  for (let i = from; i < to; i++) out[o++] = input[i];
  return o;
}

/** Copies of `len` bytes from `offset` back (1 <= offset < 65536), as elements of at most 64 bytes. */
function emitCopy(offset: number, len: number, out: Uint8Array, o: number): number {
  while (len > 0) {
    const n = Math.min(64, len);
    if (n >= 4 && n <= 11 && offset < 2048) {
      out[o++] = ((offset >>> 8) << 5) | ((n - 4) << 2) | 1;
      out[o++] = offset & 0xff;
    } else {
      out[o++] = ((n - 1) << 2) | 2;
      out[o++] = offset & 0xff;
      out[o++] = offset >>> 8;
    }
    len -= n;
  }
  return o;
}

/** Bytes [start, end) of `input`, matched within themselves, appended at `o`. */
function compressBlock(input: Uint8Array, start: number, end: number, out: Uint8Array, o: number, table: Int32Array): number {
  table.fill(-1);
  let literal = start;
  let i = start;
  // after 32 misses the step grows by one each 32 more
  let misses = 32;
  while (i + 4 <= end) {
    const x = load32(input, i);
    const h = hash(x);
    const candidate = table[h];
    table[h] = i;
    if (candidate < start || load32(input, candidate) !== x) {
      i += misses++ >> 5;
      continue;
    }
    misses = 32;
    let len = 4;
    while (i + len < end && input[candidate + len] === input[i + len]) len++;
    o = emitLiteral(input, literal, i, out, o);
    o = emitCopy(i - candidate, len, out, o);
    i += len;
    literal = i;
  }
  return emitLiteral(input, literal, end, out, o);
}
