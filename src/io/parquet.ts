// Parquet beside Arrow IPC, so DuckDB (`SELECT * FROM 'bands.parquet'`), Spark, R (arrow,
// nanoparquet) and pandas read results with no extension. Written with hyparquet-writer:
// pure JavaScript with one dependency (its reader, hyparquet), no native binary or WASM
// to load, incremental row groups (points stream batch by batch), key-value metadata and a
// settable created_by. Parquet has no per-field metadata, so each column's unit is a
// file-level key `unit:NAME`; the other metadata keys are copied as they are. The bytes
// depend only on the data: no timestamp, and created_by names no version.
import { renameSync, rmSync } from "node:fs";
import { ByteWriter, fileWriter, ParquetWriter } from "hyparquet-writer";
import type { ColumnSource, SchemaElement, Writer } from "hyparquet-writer";
import { tempPathFor } from "./atomic.ts";
import type { Column, ColumnTable } from "./columns.ts";

/** A column's Parquet physical type (INT32 for the points' point/sample, as in points.arrow). */
export type ParquetType = "DOUBLE" | "INT64" | "INT32" | "STRING";

export interface ParquetField {
  name: string;
  unit: string;
  type: ParquetType;
}

export const PARQUET_CREATED_BY = "wattsweep";

/** Every column required (results have no nulls), types as the Arrow files have them. */
function parquetSchema(fields: readonly ParquetField[]): SchemaElement[] {
  return [
    { name: "root", num_children: fields.length },
    ...fields.map((f): SchemaElement => f.type === "STRING"
      ? { name: f.name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" }
      : { name: f.name, type: f.type, repetition_type: "REQUIRED" }),
  ];
}

/** `unit:NAME` for every column with a unit, then the caller's keys. */
export function parquetKeyValues(fields: readonly ParquetField[], metadata: Record<string, string>): Array<{ key: string; value: string }> {
  return [
    ...fields.filter((f) => f.unit !== "").map((f) => ({ key: `unit:${f.name}`, value: f.unit })),
    ...Object.entries(metadata).map(([key, value]) => ({ key, value })),
  ];
}

export function parquetField(c: Column): ParquetField {
  return { name: c.name, unit: c.unit, type: c.kind === "string" ? "STRING" : c.kind === "int" ? "INT64" : "DOUBLE" };
}

/** Column data in the representation the writer encodes for each type. */
function columnSource(f: ParquetField, values: ArrayLike<number> | ArrayLike<string>): ColumnSource {
  if (f.type === "STRING") return { name: f.name, data: Array.from(values as ArrayLike<string>, String) };
  if (f.type === "INT64") return { name: f.name, data: BigInt64Array.from(Array.from(values as ArrayLike<number>), (v) => BigInt(v)) };
  if (f.type === "INT32") return { name: f.name, data: values instanceof Int32Array ? values : Int32Array.from(values as ArrayLike<number>) };
  return { name: f.name, data: values instanceof Float64Array ? values : Float64Array.from(values as ArrayLike<number>) };
}

function newWriter(writer: Writer, fields: readonly ParquetField[], metadata: Record<string, string>): ParquetWriter {
  return new ParquetWriter({
    writer, schema: parquetSchema(fields), kvMetadata: parquetKeyValues(fields, metadata), createdBy: PARQUET_CREATED_BY,
  });
}

/** Parquet bytes of a table (Snappy-compressed), with units and metadata as key-value pairs. */
export function tableToParquet(table: ColumnTable, metadata: Record<string, string> = {}): Uint8Array {
  const fields = table.columns.map(parquetField);
  const bytes = new ByteWriter();
  const writer = newWriter(bytes, fields, metadata);
  if (table.length > 0) writer.write({ columnData: table.columns.map((c, i) => columnSource(fields[i], c.values)) });
  writer.finish();
  return bytes.getBytes();
}

/**
 * A Parquet file written one row group per `write`, flushed to a temporary file as it goes
 * (the writer holds at most one row group and the footer's index entries in memory) and
 * renamed into place by `finish`.
 */
export class ParquetFileSink {
  private readonly tmp: string;
  private readonly writer: ParquetWriter;

  constructor(private readonly path: string, private readonly fields: readonly ParquetField[], metadata: Record<string, string> = {}) {
    this.tmp = tempPathFor(path);
    this.writer = newWriter(fileWriter(this.tmp), fields, metadata);
  }

  /** One row group holding these columns (same order as the fields). */
  write(columns: ReadonlyArray<ArrayLike<number> | ArrayLike<string>>): void {
    const rows = columns[0]?.length ?? 0;
    if (rows === 0) return;
    this.named(() => this.writer.write({ columnData: this.fields.map((f, i) => columnSource(f, columns[i])), rowGroupSize: rows }));
  }

  finish(): void {
    this.named(() => this.writer.finish());
    renameSync(this.tmp, this.path);
  }

  /** Runs a write; a failure (a full disk) names the file, as writes to a descriptor do not. */
  private named(write: () => void): void {
    try {
      write();
    } catch (err) {
      (err as NodeJS.ErrnoException).path ??= this.path;
      throw err;
    }
  }

  abort(): void {
    rmSync(this.tmp, { force: true });
  }
}
