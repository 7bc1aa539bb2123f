// One column chunk of a Parquet row group: data pages (format version 1) of at most PAGE_ROWS
// rows, each a Thrift page header and a Snappy-compressed body: for a nullable column its
// definition levels (1 a value, 0 null; RLE/bit-packed hybrid, bit width 1, after their byte
// length), then the values that are not null, PLAIN (doubles and int64 as 8 bytes little-endian,
// text as a 4-byte length and its UTF-8 bytes). The chunk's statistics: null count, and min and
// max in the column's sort order (text: its UTF-8 bytes, unsigned).
import { snappyCompress } from "./snappy.ts";
import { Bytes, setInt64, TextBytes } from "./bytes.ts";
import { ThriftWriter, type ThriftStruct } from "./thrift.ts";

/** A column's Parquet type: DOUBLE, INT64 (counts, integer grid values) or UTF-8 text. */
export type ParquetType = "DOUBLE" | "INT64" | "STRING";

/** A row group's data of one column, in the field's type: null only in a nullable field. */
export type ParquetData = Float64Array | BigInt64Array | ArrayLike<number | null> | ArrayLike<string | null>;

/** Parquet's enums, as the format numbers them. */
export const PHYSICAL_TYPE: Record<ParquetType, number> = { INT64: 2, DOUBLE: 5, STRING: 6 };
const ENCODING_PLAIN = 0;
const ENCODING_RLE = 3;
const CODEC_SNAPPY = 1;
const PAGE_DATA = 0;

/** Rows per data page: a page of doubles is 1 MiB. */
const PAGE_ROWS = 1 << 17;
/** Longer text bounds are left out of the statistics (cut, a max would need rounding up). */
const MAX_TEXT_BOUND = 64;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The bytes of a column chunk and its ColumnMetaData (for the footer), written from `offset` in the file. */
interface EncodedColumn {
  parts: Uint8Array[];
  meta: ThriftStruct;
  /** bytes before compression, page headers included */
  uncompressed: number;
}

/** Definition levels of rows [r0, r1) (bit width 1), prefixed by their byte length; the rows' values that are not null, in order. */
function levels(data: ArrayLike<unknown>, r0: number, r1: number, into: Bytes): void {
  const n = r1 - r0;
  let valid = 0;
  for (let r = r0; r < r1; r++) if (data[r] !== null) valid++;
  const start = into.length;
  into.ensure(4);
  into.length += 4;
  if (valid === n || valid === 0) {
    // one run of n equal levels
    into.varint(2 * n);
    into.ensure(1);
    into.buf[into.length++] = valid === 0 ? 0 : 1;
  } else {
    // bit-packed, 8 levels a byte, least significant bit first
    const groups = Math.ceil(n / 8);
    into.varint(2 * groups + 1);
    into.ensure(groups);
    into.buf.fill(0, into.length, into.length + groups);
    for (let r = r0; r < r1; r++) if (data[r] !== null) into.buf[into.length + ((r - r0) >> 3)] |= 1 << ((r - r0) & 7);
    into.length += groups;
  }
  into.view.setUint32(start, into.length - start - 4, true);
}

/** Rows [r0, r1) of doubles or int64 held as their own typed array: its bytes are their PLAIN values; else null. */
function typedBytes(type: ParquetType, data: ParquetData, r0: number, r1: number): Uint8Array | null {
  if (!LITTLE_ENDIAN || !(type === "DOUBLE" ? data instanceof Float64Array : data instanceof BigInt64Array)) return null;
  const typed = data as Float64Array | BigInt64Array;
  return new Uint8Array(typed.buffer, typed.byteOffset + 8 * r0, 8 * (r1 - r0));
}

/** The PLAIN values of rows [r0, r1) that are not null. */
function plainValues(type: ParquetType, data: ParquetData, r0: number, r1: number, into: Bytes, text: TextBytes): void {
  const typed = typedBytes(type, data, r0, r1);
  if (typed !== null) {
    into.bytes(typed);
    return;
  }
  if (type === "STRING") {
    for (let r = r0; r < r1; r++) {
      const v = data[r] as string | null;
      if (v === null) continue;
      const b = text.of(v);
      into.ensure(4);
      into.view.setUint32(into.length, b.length, true);
      into.length += 4;
      into.bytes(b);
    }
    return;
  }
  into.ensure(8 * (r1 - r0));
  for (let r = r0; r < r1; r++) {
    const v = data[r] as number | bigint | null;
    if (v === null) continue;
    if (type === "DOUBLE") into.view.setFloat64(into.length, v as number, true);
    else setInt64(into.view, into.length, v, "parquet INT64");
    into.length += 8;
  }
}

/** Unsigned byte-wise order of two byte strings (how Parquet orders UTF-8 text). */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/**
 * Min, max and null count of numeric data; NaN is left out of the bounds (it has no place in
 * the order: it fails every comparison below). A loop per kind of array, each comparing one type.
 */
function numericBounds(data: ParquetData): { min: number | bigint | null; max: number | bigint | null; nulls: number } {
  if (data instanceof BigInt64Array) {
    if (data.length === 0) return { min: null, max: null, nulls: 0 };
    let lo = data[0];
    let hi = data[0];
    for (let r = 1; r < data.length; r++) {
      const v = data[r];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return { min: lo, max: hi, nulls: 0 };
  }
  let lo = Infinity;
  let hi = -Infinity;
  let nulls = 0;
  if (data instanceof Float64Array) {
    for (let r = 0; r < data.length; r++) {
      const v = data[r];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  } else {
    for (let r = 0; r < data.length; r++) {
      const v = data[r] as number | null;
      if (v === null) nulls++;
      else {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  // lo > hi only where no value came but NaN or null (an infinity sets both bounds)
  return lo > hi ? { min: null, max: null, nulls } : { min: lo, max: hi, nulls };
}

/** Statistics of a column chunk: null count, min and max (none when no value, or for NaN alone, or text bounds too long). */
function statistics(type: ParquetType, data: ParquetData, text: TextBytes): ThriftStruct {
  if (type === "STRING") {
    let nulls = 0;
    for (let r = 0; r < data.length; r++) if (data[r] === null) nulls++;
    let min: Uint8Array | null = null;
    let max: Uint8Array | null = null;
    // the distinct values, all encoded by now (plainValues)
    for (const b of text.values()) {
      if (min === null || compareBytes(b, min) < 0) min = b;
      if (max === null || compareBytes(b, max) > 0) max = b;
    }
    const stats: ThriftStruct = { 3: { i64: nulls } };
    return min === null || max === null || min.length > MAX_TEXT_BOUND || max.length > MAX_TEXT_BOUND ? stats : { ...stats, 5: max, 6: min };
  }
  const { min, max, nulls } = numericBounds(data);
  const stats: ThriftStruct = { 3: { i64: nulls } };
  if (min === null || max === null) return stats;
  const bound = (v: number | bigint, zero: number) => {
    const b = new Uint8Array(8);
    const view = new DataView(b.buffer);
    // the format asks for -0 as a min and +0 as a max whichever zero came first
    if (type === "DOUBLE") view.setFloat64(0, v === 0 ? zero : (v as number), true);
    else setInt64(view, 0, v, "parquet INT64");
    return b;
  };
  return { ...stats, 5: bound(max, 0), 6: bound(min, -0) };
}

/** A page's body before compression: levels (nullable), then the values; a typed array's own bytes where that is all. */
function pageBody(type: ParquetType, nullable: boolean, data: ParquetData, r0: number, r1: number, text: TextBytes): Uint8Array {
  const typed = nullable ? null : typedBytes(type, data, r0, r1);
  if (typed !== null) return typed;
  const body = new Bytes(8 * (r1 - r0) + 16);
  if (nullable) levels(data, r0, r1, body);
  plainValues(type, data, r0, r1, body, text);
  return body.done();
}

/** The column chunk of `data` (`rows` rows) of a field named `name`, its first page at byte `offset` of the file. */
export function encodeColumn(name: string, type: ParquetType, nullable: boolean, data: ParquetData, rows: number, offset: number): EncodedColumn {
  const parts: Uint8Array[] = [];
  const text = new TextBytes();
  let uncompressed = 0;
  let compressed = 0;
  for (let r0 = 0; r0 < rows; r0 += PAGE_ROWS) {
    const r1 = Math.min(rows, r0 + PAGE_ROWS);
    const body = pageBody(type, nullable, data, r0, r1, text);
    const page = snappyCompress(body);
    const header = new ThriftWriter().struct({
      1: PAGE_DATA, 2: body.length, 3: page.length,
      5: { 1: r1 - r0, 2: ENCODING_PLAIN, 3: ENCODING_RLE, 4: ENCODING_RLE },
    }).done();
    parts.push(header, page);
    uncompressed += header.length + body.length;
    compressed += header.length + page.length;
  }
  const meta: ThriftStruct = {
    1: PHYSICAL_TYPE[type],
    2: { list: nullable ? [ENCODING_PLAIN, ENCODING_RLE] : [ENCODING_PLAIN] },
    3: { list: [name] },
    4: CODEC_SNAPPY,
    5: { i64: rows },
    6: { i64: uncompressed },
    7: { i64: compressed },
    9: { i64: offset },
    12: statistics(type, data, text),
  };
  return { parts, meta, uncompressed };
}
