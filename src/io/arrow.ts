import {
  Dictionary, Field, Float64, Int64, makeData, RecordBatch, RecordBatchFileWriter, Schema, Struct, Utf8, vectorFromArray,
  type Data, type DataType,
} from "apache-arrow";
import { TempFile } from "./atomic.ts";
import { TextBytes } from "./bytes.ts";
import { hasValue, type Column, type ColumnTable } from "./columns.ts";

/** Arrow field for a column, with its unit in the field metadata (`unit`). */
export function arrowField(c: Column): Field {
  const type: DataType = c.kind === "string" ? new Utf8() : c.kind === "int" ? new Int64() : new Float64();
  return new Field(c.name, type, c.valid !== undefined, new Map([["unit", c.unit]]));
}

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

function columnData(c: Column): Data {
  const nulls = c.valid === undefined ? {} : validityBitmap(c.valid);
  const length = c.values.length;
  if (c.kind === "string") {
    const { valueOffsets, values } = utf8Data(c);
    return makeData({ type: new Utf8(), length, valueOffsets, data: values, ...nulls });
  }
  if (c.kind === "int") {
    // a null's slot holds 0: BigInt has no NaN
    const ints = new BigInt64Array(length);
    for (let i = 0; i < length; i++) if (hasValue(c, i)) ints[i] = BigInt(c.values[i]);
    return makeData({ type: new Int64(), length, data: ints, ...nulls });
  }
  const f = c.values instanceof Float64Array ? c.values : Float64Array.from(c.values);
  return makeData({ type: new Float64(), length, data: f, ...nulls });
}

export function arrowSchema(table: ColumnTable, metadata: Record<string, string> = {}): Schema {
  return new Schema(table.columns.map(arrowField), new Map(Object.entries(metadata)));
}

/** One record batch holding a table (a part of one: io/tableSink.ts). */
export function toRecordBatch(table: ColumnTable, schema: Schema): RecordBatch {
  const data = makeData({
    type: new Struct(schema.fields),
    length: table.length,
    nullCount: 0,
    children: table.columns.map(columnData),
  });
  return new RecordBatch(schema, data);
}

/** An Arrow file writer draining into a TempFile (which gathers small pieces, renamed into place by finish). */
export class ArrowFileSink {
  private readonly file: TempFile;
  private readonly writer = new RecordBatchFileWriter();
  private readonly drained: Promise<void>;
  private batches = 0;
  /** why the drain loop stopped (a full disk), rethrown by the next write */
  private failure: unknown = null;

  constructor(path: string) {
    const file = new TempFile(path);
    this.file = file;
    // after abort the file takes no more bytes, should the loop still turn once
    this.drained = (async () => {
      for await (const bytes of this.writer) file.write(bytes);
    })();
    this.drained.catch((err: unknown) => {
      this.failure = err;
    });
  }

  /** Writes a batch and lets the drain loop hand its bytes to the TempFile before more is produced. */
  async write(batch: RecordBatch): Promise<void> {
    if (this.failure !== null) throw this.failure;
    this.writer.write(batch);
    this.batches++;
    await new Promise<void>((done) => setImmediate(done));
  }

  async finish(schema: Schema): Promise<void> {
    // A file with no batches still needs its schema; an empty batch carries it.
    if (this.batches === 0) this.writer.write(new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: 0, children: schema.fields.map(emptyData) })));
    this.writer.close();
    await this.drained;
    this.file.commit();
  }

  abort(): void {
    try {
      this.writer.close();
    } catch {
      // already closed
    }
    this.file.discard();
  }
}

function emptyData(f: Field): Data {
  if (Dictionary.isDictionary(f.type)) return makeData({ type: f.type, length: 0, data: new Int32Array(0), dictionary: vectorFromArray([], new Utf8()) });
  return makeData({ type: f.type, length: 0 });
}
