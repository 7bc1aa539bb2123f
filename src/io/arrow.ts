import {
  Field, Float64, Int64, makeData, RecordBatch, Schema, Struct, Table, tableToIPC, Utf8, vectorFromArray,
  type Data, type DataType,
} from "apache-arrow";
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

function columnData(c: Column): Data {
  if (c.kind === "string") return vectorFromArray(Array.from(c.values, (v, i) => (hasValue(c, i) ? v : null)), new Utf8()).data[0];
  const nulls = c.valid === undefined ? {} : validityBitmap(c.valid);
  if (c.kind === "int") {
    // a null's slot holds 0: BigInt has no NaN
    const ints = BigInt64Array.from(Array.from(c.values), (v, i) => (c.valid?.[i] === 0 ? 0n : BigInt(v)));
    return makeData({ type: new Int64(), length: ints.length, data: ints, ...nulls });
  }
  const f = c.values instanceof Float64Array ? c.values : Float64Array.from(c.values);
  return makeData({ type: new Float64(), length: f.length, data: f, ...nulls });
}

export function arrowSchema(table: ColumnTable, metadata: Record<string, string> = {}): Schema {
  return new Schema(table.columns.map(arrowField), new Map(Object.entries(metadata)));
}

/** One record batch holding the whole table. */
export function toRecordBatch(table: ColumnTable, schema: Schema): RecordBatch {
  const data = makeData({
    type: new Struct(schema.fields),
    length: table.length,
    nullCount: 0,
    children: table.columns.map(columnData),
  });
  return new RecordBatch(schema, data);
}

/** Arrow IPC file-format bytes of a table, with per-field units and schema metadata. */
export function tableToArrow(table: ColumnTable, metadata: Record<string, string> = {}): Uint8Array {
  const schema = arrowSchema(table, metadata);
  return tableToIPC(new Table(schema, toRecordBatch(table, schema)), "file");
}
