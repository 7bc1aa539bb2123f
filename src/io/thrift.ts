// Thrift's compact protocol, the writing half, for Parquet's page headers and footer: a struct
// is its fields in id order, each a header (the id as a delta from the previous field's, and
// the type), then the value; integers are zigzag varints, binaries a varint length and the
// bytes, lists a header (size and element type) and their elements; a struct ends in a 0 byte.
import { Bytes } from "./bytes.ts";

const TYPE = { true: 1, false: 2, i32: 5, i64: 6, binary: 8, list: 9, struct: 12 } as const;

/** A field's value: a number is an i32 unless declared i64 (`{ i64 }`); strings are UTF-8 binaries. */
type ThriftValue = boolean | ThriftElement;
/** What a list may hold: anything but a boolean; `{ struct }` is a struct written before (ThriftWriter.done). */
type ThriftElement = number | { i64: number } | string | Uint8Array | ThriftStruct | ThriftList | { struct: Uint8Array };
/** Fields by id; undefined ones are left out (optional fields not set). */
export type ThriftStruct = { [id: number]: ThriftValue | undefined };
interface ThriftList {
  list: ThriftElement[];
  /** the elements' type, for an empty list */
  of?: keyof typeof TYPE;
}

const utf8 = new TextEncoder();

export class ThriftWriter {
  private readonly out = new Bytes();

  private byte(b: number): void {
    this.out.ensure(1);
    this.out.buf[this.out.length++] = b;
  }

  private zigzag(n: number): void {
    if (!Number.isSafeInteger(n)) throw new Error(`thrift: ${n} is not a whole number a varint can hold`);
    this.out.varint(n >= 0 ? 2 * n : -2 * n - 1);
  }

  private binary(b: Uint8Array): void {
    this.out.varint(b.length);
    this.out.bytes(b);
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
    if (typeof v === "number") {
      if (v !== (v | 0)) throw new Error(`thrift: ${v} is not a 32-bit integer (an i32 field)`);
      this.zigzag(v);
    }
    else if (typeof v === "string") this.binary(utf8.encode(v));
    else if (v instanceof Uint8Array) this.binary(v);
    else if ("i64" in v && typeof v.i64 === "number") this.zigzag(v.i64);
    else if ("struct" in v && v.struct instanceof Uint8Array) this.out.bytes(v.struct);
    else if ("list" in v && Array.isArray(v.list)) {
      const list = v as ThriftList;
      const type = list.list.length > 0 ? typeOf(list.list[0]) : TYPE[list.of ?? "struct"];
      if (list.list.length < 15) this.byte((list.list.length << 4) | type);
      else {
        this.byte(0xf0 | type);
        this.out.varint(list.list.length);
      }
      for (const e of list.list) this.value(e);
    } else this.struct(v as ThriftStruct);
  }

  /** The bytes written so far. */
  done(): Uint8Array {
    return this.out.done();
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
