import {
  Field, Float64, Int64, makeData, RecordBatch, Schema, Struct, Table, tableToIPC, Utf8, vectorFromArray,
  type Data, type DataType,
} from "apache-arrow";
import type { Column, ColumnTable } from "./columns.ts";

/** Arrow field for a column, with its unit in the field metadata (`unit`). */
export function arrowField(c: Column): Field {
  const type: DataType = c.kind === "string" ? new Utf8() : c.kind === "int" ? new Int64() : new Float64();
  return new Field(c.name, type, false, new Map([["unit", c.unit]]));
}

function columnData(c: Column): Data {
  if (c.kind === "string") return vectorFromArray(Array.from(c.values), new Utf8()).data[0];
  if (c.kind === "int") {
    const ints = BigInt64Array.from(Array.from(c.values), (v) => BigInt(v));
    return makeData({ type: new Int64(), length: ints.length, data: ints });
  }
  const f = c.values instanceof Float64Array ? c.values : Float64Array.from(c.values);
  return makeData({ type: new Float64(), length: f.length, data: f });
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
