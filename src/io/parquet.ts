// Parquet beside Arrow IPC, so DuckDB (`SELECT * FROM 'bands.parquet'`), Spark, R (arrow,
// nanoparquet) and pandas read results with no extension. Written with hyparquet-writer:
// pure JavaScript with one dependency (its reader, hyparquet), no native binary or WASM
// to load, incremental row groups (points stream batch by batch), key-value metadata and a
// settable created_by. Parquet has no per-field metadata, so each column's unit is a
// file-level key `unit:NAME`; the other metadata keys are copied as they are. The bytes
// depend only on the data: no timestamp, and created_by names no version.
import { fileWriter, ParquetWriter } from "hyparquet-writer";
import type { ColumnSource, SchemaElement, Writer } from "hyparquet-writer";
import { namingPath, TempFile } from "./atomic.ts";
import type { Column, ColumnTable } from "./columns.ts";

/** A column's Parquet type: DOUBLE, INT64 (counts, integer grid values) or UTF-8 text. */
export type ParquetType = "DOUBLE" | "INT64" | "STRING";

export interface ParquetField {
  name: string;
  unit: string;
  type: ParquetType;
  /** OPTIONAL: the column may hold nulls (values missing by design); otherwise REQUIRED */
  nullable?: boolean;
}

/** A row group's data of one column, in the field's type: null only in a nullable field. */
export type ParquetData = Float64Array | BigInt64Array | ArrayLike<number | null> | ArrayLike<string | null>;

export const PARQUET_CREATED_BY = "wattsweep";

function parquetSchema(fields: readonly ParquetField[]): SchemaElement[] {
  return [
    { name: "root", num_children: fields.length },
    ...fields.map((f): SchemaElement => {
      const repetition_type = f.nullable ? "OPTIONAL" : "REQUIRED";
      return f.type === "STRING"
        ? { name: f.name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type }
        : { name: f.name, type: f.type, repetition_type };
    }),
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
  const type = c.kind === "string" ? "STRING" : c.kind === "int" ? "INT64" : "DOUBLE";
  return { name: c.name, unit: c.unit, type, ...(c.valid !== undefined ? { nullable: true } : {}) };
}

/** A table column as Parquet data: nulls where it has no value. */
export function parquetData(c: Column): ParquetData {
  if (c.valid === undefined) return c.values;
  const valid = c.valid;
  return Array.from(c.values as ArrayLike<number | string>, (v, i) => (valid[i] === 1 ? v : null)) as ParquetData;
}

/** Column data in the representation the writer encodes for each type. */
function columnSource(f: ParquetField, values: ParquetData): ColumnSource {
  if (f.type === "STRING") return { name: f.name, data: Array.from(values as ArrayLike<string | null>, (v) => (v === null ? null : String(v))) };
  if (f.type === "INT64") {
    if (values instanceof BigInt64Array) return { name: f.name, data: values };
    const ints = Array.from(values as ArrayLike<number | null>, (v) => (v === null ? null : BigInt(v)));
    return { name: f.name, data: f.nullable ? ints : BigInt64Array.from(ints as bigint[]) };
  }
  // doubles PLAIN: hyparquet-writer otherwise tries a dictionary on every column chunk (a
  // sample, then a Map over every value where the sample repeats: useDictionary in a
  // `node --cpu-prof` profile of `wattsweep run --points`); Snappy still shrinks the repeats
  const data = values instanceof Float64Array || f.nullable ? (values as Float64Array | Array<number | null>) : Float64Array.from(values as ArrayLike<number>);
  return { name: f.name, data, encoding: "PLAIN" };
}

function newWriter(writer: Writer, fields: readonly ParquetField[], metadata: Record<string, string>): ParquetWriter {
  return new ParquetWriter({
    writer, schema: parquetSchema(fields), kvMetadata: parquetKeyValues(fields, metadata), createdBy: PARQUET_CREATED_BY,
  });
}

/**
 * A Parquet file written one row group per `write`, flushed to a temporary file as it goes
 * (the writer holds at most one row group and the footer's index entries in memory) and
 * renamed into place by `finish`.
 */
export class ParquetFileSink {
  private readonly file: TempFile;
  private readonly writer: ParquetWriter;

  constructor(path: string, private readonly fields: readonly ParquetField[], metadata: Record<string, string> = {}) {
    this.file = new TempFile(path);
    // hyparquet-writer appends to the temporary file by name; TempFile renames or removes it
    this.writer = newWriter(fileWriter(this.file.tmp), fields, metadata);
  }

  /** One row group holding these columns (same order as the fields). */
  write(columns: readonly ParquetData[]): void {
    const rows = columns[0]?.length ?? 0;
    if (rows === 0) return;
    namingPath(this.file.path, () => this.writer.write({ columnData: this.fields.map((f, i) => columnSource(f, columns[i])), rowGroupSize: rows }));
  }

  finish(): void {
    namingPath(this.file.path, () => this.writer.finish());
    this.file.commit();
  }

  abort(): void {
    this.file.discard();
  }
}
