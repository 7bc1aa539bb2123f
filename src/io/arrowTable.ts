// A table as an Arrow IPC file (NAME.arrow), written here from the format's specification for
// the three types tables have (Float64, Int64, Utf8; nullable where a column may miss a value),
// each column's unit in its field metadata (`unit`), the table's metadata on the schema. The
// file: "ARROW1" and padding, the schema message, one record batch message per `write`, the
// footer (the schema again and where each batch lies), its length, "ARROW1". A message is a
// continuation marker, its metadata's length, the metadata (a flatbuffer, built with the
// flatbuffers runtime) padded to 8 bytes, then its body: the batch's buffers, each padded to 8.
// apache-arrow's generic writer builds a Data and visits it per column per batch, and hands the
// bytes over piece by piece through an async iterator: work the coordinator does beside the
// workers (its CPU seconds are the bench's `scaling_coordinator_cpu_s_Nw`). points.arrow and
// shards' sample files, with dictionary-encoded text, still go through it (io/arrow.ts).
import { Builder } from "flatbuffers";
import { commitWithFooter, TempFile } from "./atomic.ts";
import { setInt64, TextBytes } from "./bytes.ts";
import { hasValue, withValues, type Column, type ColumnTable } from "./columns.ts";

const MAGIC = new TextEncoder().encode("ARROW1");
const CONTINUATION = 0xffffffff;
/** MetadataVersion V5 */
const VERSION = 4;
/** MessageHeader: Schema, RecordBatch */
const SCHEMA = 1;
const RECORD_BATCH = 3;
/** Type: Int, FloatingPoint, Utf8 */
const INT = 2;
const FLOATING_POINT = 3;
const UTF8 = 5;
/** Precision DOUBLE */
const DOUBLE = 2;

/** Arrow's validity bitmap (bit i of byte i >> 3, least significant first; 1 = a value) and its null count. */
export function validityBitmap(valid: ArrayLike<number>): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array((valid.length + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < valid.length; i++) {
    if (valid[i]) nullBitmap[i >> 3] |= 1 << (i & 7);
    else nullCount++;
  }
  return { nullBitmap, nullCount };
}

/** A vector of tables already built, in order. */
function offsets(b: Builder, items: readonly number[]): number {
  b.startVector(4, items.length, 4);
  for (let i = items.length - 1; i >= 0; i--) b.addOffset(items[i]);
  return b.endVector();
}

function keyValues(b: Builder, entries: ReadonlyArray<readonly [string, string]>): number {
  return offsets(b, entries.map(([key, value]) => {
    const k = b.createString(key);
    const v = b.createString(value);
    b.startObject(2);
    b.addFieldOffset(0, k, 0);
    b.addFieldOffset(1, v, 0);
    return b.endObject();
  }));
}

/** A column's Field: name, nullable, type, no children, its unit. */
function field(b: Builder, c: Column): number {
  const name = b.createString(c.name);
  let typeId: number;
  let type: number;
  if (c.kind === "string") {
    typeId = UTF8;
    b.startObject(0);
    type = b.endObject();
  } else if (c.kind === "int") {
    typeId = INT;
    b.startObject(2);
    b.addFieldInt32(0, 64, 0);
    b.addFieldInt8(1, 1, 0);
    type = b.endObject();
  } else {
    typeId = FLOATING_POINT;
    b.startObject(1);
    b.addFieldInt16(0, DOUBLE, 0);
    type = b.endObject();
  }
  const children = offsets(b, []);
  const metadata = keyValues(b, [["unit", c.unit]]);
  b.startObject(7);
  b.addFieldOffset(0, name, 0);
  b.addFieldInt8(1, c.valid !== undefined ? 1 : 0, 0);
  b.addFieldInt8(2, typeId, 0);
  b.addFieldOffset(3, type, 0);
  b.addFieldOffset(5, children, 0);
  b.addFieldOffset(6, metadata, 0);
  return b.endObject();
}

function schema(b: Builder, columns: readonly Column[], metadata: Record<string, string>): number {
  const fields = offsets(b, columns.map((c) => field(b, c)));
  const meta = keyValues(b, Object.entries(metadata));
  b.startObject(4);
  b.addFieldOffset(1, fields, 0);
  b.addFieldOffset(2, meta, 0);
  return b.endObject();
}

/** A vector of structs of two int64 each (FieldNode: length, null count; Buffer: offset, length). */
function pairs(b: Builder, items: ReadonlyArray<readonly [number, number]>): number {
  b.startVector(16, items.length, 8);
  for (let i = items.length - 1; i >= 0; i--) {
    b.prep(8, 16);
    b.writeInt64(BigInt(items[i][1]));
    b.writeInt64(BigInt(items[i][0]));
  }
  return b.endVector();
}

/** A Message flatbuffer: `header` (built in `b`) of its type, and the body's length. */
function message(b: Builder, headerType: number, header: number, bodyLength: number): Uint8Array {
  b.startObject(5);
  b.addFieldInt16(0, VERSION, 0);
  b.addFieldInt8(1, headerType, 0);
  b.addFieldOffset(2, header, 0);
  b.addFieldInt64(3, BigInt(bodyLength), BigInt(0));
  b.finish(b.endObject());
  return b.asUint8Array();
}

const padTo8 = (n: number) => (n + 7) & ~7;

/** A batch's body: each column's buffers one after another, each padded to 8 bytes. */
class Body {
  readonly pieces: Uint8Array[] = [];
  readonly buffers: Array<[offset: number, length: number]> = [];
  readonly nodes: Array<[length: number, nullCount: number]> = [];
  length = 0;

  buffer(bytes: Uint8Array): void {
    this.buffers.push([this.length, bytes.length]);
    this.pieces.push(bytes);
    const padded = padTo8(bytes.length);
    if (padded > bytes.length) this.pieces.push(new Uint8Array(padded - bytes.length));
    this.length += padded;
  }

  column(c: Column): void {
    const n = c.values.length;
    const { nullBitmap, nullCount } = c.valid === undefined ? { nullBitmap: new Uint8Array(0), nullCount: 0 } : validityBitmap(c.valid);
    this.nodes.push([n, nullCount]);
    this.buffer(nullCount > 0 ? nullBitmap : new Uint8Array(0));
    if (c.kind === "string") {
      const { valueOffsets, values } = utf8Data(c);
      this.buffer(new Uint8Array(valueOffsets.buffer));
      this.buffer(values);
    } else if (c.kind === "int") this.buffer(int64Bytes(c));
    else {
      const f = c.values instanceof Float64Array ? c.values : Float64Array.from(c.values);
      this.buffer(new Uint8Array(f.buffer, f.byteOffset, f.byteLength));
    }
  }
}

/** An int column as little-endian int64s (a missing value: 0). */
function int64Bytes(c: Column): Uint8Array {
  const n = c.values.length;
  const out = new Uint8Array(8 * n);
  const view = new DataView(out.buffer);
  for (let i = 0; i < n; i++) if (hasValue(c, i)) setInt64(view, 8 * i, c.values[i] as number, "arrow Int64");
  return out;
}

/** Text as Arrow lays it out: the UTF-8 bytes of the values one after another, and where each starts (a null: none). */
function utf8Data(c: Extract<Column, { kind: "string" }>): { valueOffsets: Int32Array; values: Uint8Array } {
  const n = c.values.length;
  const valueOffsets = new Int32Array(n + 1);
  const text = new TextBytes();
  const bytes: Uint8Array[] = new Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (hasValue(c, i)) {
      bytes[i] = text.of(c.values[i]);
      total += bytes[i].length;
    }
    valueOffsets[i + 1] = total;
  }
  const values = new Uint8Array(total);
  for (let i = 0; i < n; i++) if (bytes[i] !== undefined) values.set(bytes[i], valueOffsets[i]);
  return { valueOffsets, values };
}

/** The file's record batches: where each message starts, its metadata's length (prefix included) and its body's. */
type Block = [offset: number, metaDataLength: number, bodyLength: number];

/** A table's Arrow file, a record batch per `write`, under a temporary name until `finish`. */
export class ArrowTableSink {
  private readonly file: TempFile;
  private readonly blocks: Block[] = [];

  /** `columns` (of the table's first part: their names, types and units) and `metadata` make the schema. */
  constructor(path: string, private readonly columns: readonly Column[], private readonly metadata: Record<string, string>) {
    this.file = new TempFile(path);
    this.file.write(MAGIC);
    this.file.write(new Uint8Array(2));
    const b = new Builder(1024);
    this.writeMessage(message(b, SCHEMA, schema(b, columns, metadata), 0), []);
  }

  /** One record batch of `table`'s rows. */
  write(table: ColumnTable): void {
    const body = new Body();
    for (const c of table.columns) body.column(c);
    const b = new Builder(1024);
    const nodes = pairs(b, body.nodes);
    const buffers = pairs(b, body.buffers);
    b.startObject(4);
    b.addFieldInt64(0, BigInt(table.length), BigInt(0));
    b.addFieldOffset(1, nodes, 0);
    b.addFieldOffset(2, buffers, 0);
    const batch = b.endObject();
    const start = this.file.size;
    const metaDataLength = this.writeMessage(message(b, RECORD_BATCH, batch, body.length), body.pieces);
    this.blocks.push([start, metaDataLength, body.length]);
  }

  /** Writes the footer and renames the file into place; a table of no batches gets an empty one. */
  finish(): void {
    if (this.blocks.length === 0) this.write({ columns: this.columns.map((c) => withValues(c, [], c.valid && new Uint8Array(0))), length: 0 });
    const b = new Builder(1024);
    const s = schema(b, this.columns, this.metadata);
    b.startVector(24, this.blocks.length, 8);
    for (let i = this.blocks.length - 1; i >= 0; i--) {
      const [offset, metaDataLength, bodyLength] = this.blocks[i];
      b.prep(8, 24);
      b.writeInt64(BigInt(bodyLength));
      b.pad(4);
      b.writeInt32(metaDataLength);
      b.writeInt64(BigInt(offset));
    }
    const blocks = b.endVector();
    b.startObject(5);
    b.addFieldInt16(0, VERSION, 0);
    b.addFieldOffset(1, s, 0);
    b.addFieldOffset(3, blocks, 0);
    b.finish(b.endObject());
    commitWithFooter(this.file, b.asUint8Array(), MAGIC);
  }

  abort(): void {
    this.file.discard();
  }

  /** The continuation marker, the metadata's length, the metadata padded to 8, the body; returns the metadata's length with its prefix. */
  private writeMessage(metadata: Uint8Array, body: readonly Uint8Array[]): number {
    const padded = padTo8(metadata.length);
    const prefix = new Uint8Array(8);
    const view = new DataView(prefix.buffer);
    view.setUint32(0, CONTINUATION, true);
    view.setInt32(4, padded, true);
    this.file.write(prefix);
    this.file.write(metadata);
    if (padded > metadata.length) this.file.write(new Uint8Array(padded - metadata.length));
    for (const piece of body) this.file.write(piece);
    return 8 + padded;
  }
}
