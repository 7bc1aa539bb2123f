// String(x) of a number, written as ASCII bytes straight into a buffer. A CSV file of bands holds
// millions of numbers; String(x) makes a string of each, and the file was then built of those
// strings: garbage for the coordinator's collector (`node --trace-gc` counts its collections).
//
// ECMAScript's Number::toString writes the fewest significant digits that read back as x (17
// always do), and of those the closest to x. For 1e-6 <= |x| < 1e15 that is settled here with
// exact arithmetic. x * 10^(16 - e) (e: x's decimal exponent) is a sum of two doubles (Dekker's
// product), so its nearest 17-digit integer D is known exactly, and how far above D it lies;
// the nearest 15- and 16-digit decimals are D rounded by integer arithmetic. A decimal reads
// back as x where it lies within half x's unit of x (a power of two times 10^(16 - e) in those
// units: exact too). If any decimal of at most 15 digits reads back, the nearest 15-digit one
// does (half their spacing exceeds half x's unit) and is that one with zeros after it. Of 16
// digits, a farther one than the nearest cannot read back where the nearest does not, x's two
// neighbours being equally far. What this cannot settle (ties, a distance of exactly half a
// unit, a significand that is a power of two, whose lower neighbour is nearer, other magnitudes,
// NaN and the infinities) is written from String(x) itself. test/io/numberText.test.ts compares
// the two.

/** 10^k for k = -7..22, at POW10[k + 7]: exact for k >= 0, else the nearest double. */
const POW10 = Array.from({ length: 30 }, (_, i) => 10 ** (i - 7));
const pow10 = (k: number) => POW10[k + 7];

/** 2^-n at HALF_UNITS[n] for n = 0..100, halving exactly: half a unit of x is a power of two. */
const HALF_UNITS = [1];
for (let n = 1; n <= 100; n++) HALF_UNITS.push(HALF_UNITS[n - 1] / 2);

/** 2^27 + 1: Veltkamp's split of a double into two halves whose products are exact. */
const SPLIT = 134217729;

/** The rounding error of p = a * b: a * b = p + the result exactly (Dekker's product; neither overflows nor underflows here). */
function productError(a: number, b: number, p: number): number {
  const ca = SPLIT * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = SPLIT * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/** x's bits: its binary exponent, and whether its significand is a power of two. */
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
/** the index of the word holding the sign, the exponent and the top of the significand */
const HIGH = ((bits[0] = 1), words[1] === 0x3ff00000 ? 1 : 0);

/** The digits shortestDigits found, most significant first, and where the point goes: x = 0.d1d2... * 10^point. */
const digits = new Uint8Array(24);
let point = 0;

/**
 * Digits of the integer top * 10^lowDigits + low (1 <= top <= 1e8, 0 <= low < 10^lowDigits),
 * without trailing zeros, into `digits`; returns how many.
 */
function digitsOf(top: number, low: number, lowDigits: number): number {
  let n = 0;
  // int32 arithmetic: a double's % is a call to fmod
  for (let t = top | 0; t > 0; t = (t / 10) | 0) digits[n++] = t % 10;
  for (let i = 0, j = n - 1; i < j; i++, j--) {
    const d = digits[i];
    digits[i] = digits[j];
    digits[j] = d;
  }
  let b = low | 0;
  for (let i = lowDigits - 1; i >= 0; i--, b = (b / 10) | 0) digits[n + i] = b % 10;
  n += lowDigits;
  while (digits[n - 1] === 0) n--;
  return n;
}

/**
 * Whether D = q * (2 * half) + dropped (0 <= dropped < 2 * half), with v = D + above lying
 * `above` past it (|above| < 1/2), is nearest to q + 1 multiples (1), to q (0), or halfway (-1).
 */
function roundsUp(dropped: number, half: number, above: number): number {
  if (dropped > half || (dropped === half && above > 0)) return 1;
  return dropped === half && above === 0 ? -1 : 0;
}

/**
 * Whether a decimal `off` units from x (units of the 17th digit) reads back as x, within `half`
 * of them: 1, 0, or -1 where too near to tell. `off` carries the rounding of one subtraction (a
 * few 1e-14), far inside the margin: a gap within it is left to String(x).
 */
function readsBack(off: number, half: number): number {
  const gap = Math.abs(off) - half;
  return gap < -1e-9 ? 1 : gap > 1e-9 ? 0 : -1;
}

/**
 * Number::toString's significant digits of x (1e-6 <= x < 1e15, finite, not an integer, its
 * bits in `bits`), into `digits`, and `point`; returns how many, or 0 where String(x) must decide.
 */
function shortestDigits(x: number): number {
  const high = words[HIGH];
  if (words[1 - HIGH] === 0 && (high & 0xfffff) === 0) return 0; // a power of two
  const e2 = ((high >>> 20) & 0x7ff) - 1023;
  // x's decimal exponent e, 10^e <= x < 10^(e + 1), from its binary one (then one off at most)
  let e = Math.floor(e2 * 0.30102999566398114);
  if (x >= pow10(e + 1)) e++;
  if (e < -6 || e > 14) return 0;
  // v = x * 10^(16 - e) = hi + lo exactly; 1e16 <= v < 1e17, so hi is an integer above 2^53
  const k = 16 - e;
  const hi = x * pow10(k);
  const lo = productError(x, pow10(k), hi);
  const r = Math.round(lo);
  const above = lo - r; // v - D, exact (Sterbenz)
  if (above === 0.5 || above === -0.5 || hi < 1e16 || hi >= 1e17) return 0;
  // D = hi + r = top * 1e9 + bottom (the quotient's rounding put right by the exact remainder)
  let top = Math.floor(hi / 1e9);
  let bottom = hi - top * 1e9 + r;
  if (bottom < 0) {
    bottom += 1e9;
    top--;
  } else if (bottom >= 1e9) {
    bottom -= 1e9;
    top++;
  }
  if (top < 1e7 || top >= 1e8) return 0;
  // half x's unit, 2^(e2 - 53), in units of v's last digit: a power of two times 10^k, exact
  const half = HALF_UNITS[53 - e2] * pow10(k);
  const b = bottom | 0; // int32 arithmetic: a double's % is a call to fmod
  const last2 = b % 100;
  const up15 = roundsUp(last2, 50, above);
  const fits15 = up15 < 0 ? -1 : readsBack(up15 * 100 - last2 - above, half);
  if (fits15 !== 0) return fits15 < 0 ? 0 : rounded(top, ((b / 100) | 0) + up15, 7, e);
  const last = b % 10;
  const up16 = roundsUp(last, 5, above);
  const fits16 = up16 < 0 ? -1 : readsBack(up16 * 10 - last - above, half);
  if (fits16 !== 0) return fits16 < 0 ? 0 : rounded(top, ((b / 10) | 0) + up16, 8, e);
  point = e + 1;
  return digitsOf(top, b, 9);
}

/** The digits of top * 10^lowDigits + low (low perhaps 10^lowDigits, a carry), of x of decimal exponent e. */
function rounded(top: number, low: number, lowDigits: number, e: number): number {
  if (low === pow10(lowDigits)) {
    low = 0;
    top++;
  }
  point = e + (top === 1e8 ? 2 : 1);
  return digitsOf(top, low, lowDigits);
}

const ZERO = 48;
const DOT = 46;
const MINUS = 45;

/** Writes String(x) as ASCII at out[at...] (room for 25 bytes needed); returns the position after it. */
export function writeNumber(x: number, out: Uint8Array, at: number): number {
  if (x < 0) {
    out[at++] = MINUS;
    x = -x;
  }
  if (x === Math.floor(x) && x < 1e15) return writeInteger(x, out, at); // 0 too: String(-0) is "0"
  bits[0] = x;
  const k = x >= 1e-6 && x < 1e15 ? shortestDigits(x) : 0;
  // (a non-integer's digits never end at or before the point: an integer that read back as x would be x)
  if (k === 0 || point >= k) return writeAscii(String(x), out, at);
  const n = point;
  if (n > 0) {
    for (let i = 0; i < n; i++) out[at++] = ZERO + digits[i];
    out[at++] = DOT;
    for (let i = n; i < k; i++) out[at++] = ZERO + digits[i];
  } else {
    out[at++] = ZERO;
    out[at++] = DOT;
    for (let i = n; i < 0; i++) out[at++] = ZERO;
    for (let i = 0; i < k; i++) out[at++] = ZERO + digits[i];
  }
  return at;
}

/** An integer 0 <= v < 1e15 in decimal. */
function writeInteger(v: number, out: Uint8Array, at: number): number {
  let n = 1;
  while (n < 15 && v >= pow10(n)) n++;
  // two int32 halves: a double's % is a call to fmod
  const high = Math.floor(v / 1e8);
  let low = (v - high * 1e8) | 0;
  const lowDigits = high > 0 ? 8 : n;
  for (let i = 1; i <= lowDigits; i++, low = (low / 10) | 0) out[at + n - i] = ZERO + (low % 10);
  for (let i = lowDigits + 1, h = high | 0; i <= n; i++, h = (h / 10) | 0) out[at + n - i] = ZERO + (h % 10);
  return at + n;
}

function writeAscii(text: string, out: Uint8Array, at: number): number {
  for (let i = 0; i < text.length; i++) out[at++] = text.charCodeAt(i);
  return at;
}
