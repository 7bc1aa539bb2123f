// Thrift's compact protocol, the writing half, for Parquet's page headers and footer: a struct
// is its fields in id order, each a header (the id as a delta from the previous field's, and
// the type), then the value; integers are zigzag varints, binaries a varint length and the
// bytes, lists a header (size and element type) and their elements; a struct ends in a 0 byte.

const TYPE = { true: 1, false: 2, i32: 5, i64: 6, binary: 8, list: 9, struct: 12 } as const;

/** A field's value: a number is an i32 unless declared i64 (`{ i64 }`); strings are UTF-8 binaries. */
export type ThriftValue = boolean | ThriftElement;
/** What a list may hold: anything but a boolean; `{ struct }` is a struct written before (ThriftWriter.done). */
export type ThriftElement = number | { i64: number } | string | Uint8Array | ThriftStruct | ThriftList | { struct: Uint8Array };
/** Fields by id; undefined ones are left out (optional fields not set). */
export type ThriftStruct = { [id: number]: ThriftValue | undefined };
export interface ThriftList {
  list: ThriftElement[];
  /** the elements' type, for an empty list */
  of?: keyof typeof TYPE;
}

const utf8 = new TextEncoder();

export class ThriftWriter {
  private bytes = new Uint8Array(256);
  length = 0;

  private ensure(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(2 * this.bytes.length, this.length + n));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  private byte(b: number): void {
    this.ensure(1);
    this.bytes[this.length++] = b;
  }

  /** An unsigned varint of a whole number up to 2^53. */
  private varint(n: number): void {
    for (; n >= 0x80; n = Math.floor(n / 128)) this.byte((n % 128) | 0x80);
    this.byte(n);
  }

  private zigzag(n: number): void {
    if (!Number.isSafeInteger(n)) throw new Error(`thrift: ${n} is not a whole number a varint can hold`);
    this.varint(n >= 0 ? 2 * n : -2 * n - 1);
  }

  private binary(b: Uint8Array): void {
    this.varint(b.length);
    this.ensure(b.length);
    this.bytes.set(b, this.length);
    this.length += b.length;
  }

  struct(fields: ThriftStruct): this {
    let last = 0;
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      const id = Number(key);
      const type = typeOf(value);
      // a boolean field's value is its type
      if (id > last && id - last <= 15) this.byte(((id - last) << 4) | type);
      else {
        this.byte(type);
        this.zigzag(id);
      }
      last = id;
      if (typeof value !== "boolean") this.value(value);
    }
    this.byte(0);
    return this;
  }

  private value(v: ThriftElement): void {
    if (typeof v === "number") this.zigzag(v);
    else if (typeof v === "string") this.binary(utf8.encode(v));
    else if (v instanceof Uint8Array) this.binary(v);
    else if ("i64" in v && typeof v.i64 === "number") this.zigzag(v.i64);
    else if ("struct" in v && v.struct instanceof Uint8Array) {
      this.ensure(v.struct.length);
      this.bytes.set(v.struct, this.length);
      this.length += v.struct.length;
    }
    else if ("list" in v && Array.isArray(v.list)) {
      const list = v as ThriftList;
      const type = list.list.length > 0 ? typeOf(list.list[0]) : TYPE[list.of ?? "struct"];
      if (list.list.length < 15) this.byte((list.list.length << 4) | type);
      else {
        this.byte(0xf0 | type);
        this.varint(list.list.length);
      }
      for (const e of list.list) this.value(e);
    } else this.struct(v as ThriftStruct);
  }

  /** The bytes written so far. */
  done(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

function typeOf(v: ThriftValue): number {
  if (typeof v === "boolean") return v ? TYPE.true : TYPE.false;
  if (typeof v === "number") return TYPE.i32;
  if (typeof v === "string" || v instanceof Uint8Array) return TYPE.binary;
  if ("i64" in v && typeof v.i64 === "number") return TYPE.i64;
  if ("list" in v && Array.isArray(v.list)) return TYPE.list;
  return TYPE.struct; // a ThriftStruct, or one written before
}
