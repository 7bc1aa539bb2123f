// Bytes built up for the files io/ writes itself: a buffer that grows as it is written
// (Parquet pages, Thrift structs), int64s from whole numbers (Parquet and Arrow int columns), and
// the UTF-8 bytes of text values, each distinct one encoded once (a column of grid values holds a
// few, repeated: Parquet and Arrow text columns).

const utf8 = new TextEncoder();

/** The unsigned LEB128 varint of n (a safe integer >= 0) into out from `at`; returns where it ends. */
export function varintAt(out: Uint8Array, at: number, n: number): number {
  for (; n >= 0x80; n = Math.floor(n / 128)) out[at++] = (n % 128) | 0x80;
  out[at++] = n;
  return at;
}

/** An int64 from a whole number (or a bigint), little-endian at `at`; `type` names the column's type in the error for anything else. */
export function setInt64(view: DataView, at: number, v: number | bigint, type: string): void {
  if (typeof v === "bigint") view.setBigInt64(at, v, true);
  else {
    if (!Number.isSafeInteger(v)) throw new RangeError(`${type}: ${v} is not a whole number`);
    view.setUint32(at, v % 2 ** 32 >>> 0, true);
    view.setInt32(at + 4, Math.floor(v / 2 ** 32), true);
  }
}

/** Bytes written into a growing buffer. */
export class Bytes {
  buf: Uint8Array;
  view: DataView;
  length = 0;

  constructor(capacity = 256) {
    this.buf = new Uint8Array(Math.max(16, capacity));
    this.view = new DataView(this.buf.buffer);
  }

  ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(2 * this.buf.length, this.length + n));
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
    this.view = new DataView(grown.buffer);
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  varint(n: number): void {
    this.ensure(8);
    this.length = varintAt(this.buf, this.length, n);
  }

  done(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

/** UTF-8 bytes of text values, each distinct value encoded once (a column of grid values holds a few, repeated). */
export class TextBytes {
  private readonly known = new Map<string, Uint8Array>();

  of(text: string): Uint8Array {
    let b = this.known.get(text);
    if (b === undefined) this.known.set(text, (b = utf8.encode(text)));
    return b;
  }

  /** the distinct values seen so far */
  values(): IterableIterator<Uint8Array> {
    return this.known.values();
  }
}
