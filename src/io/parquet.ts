// Parquet beside Arrow IPC, so query engines and dataframe libraries read results with no
// extension (the tests read every kind of file back with DuckDB and polars). Written here from the
// format's specification (parquetColumn.ts: pages; this file: the schema and the footer), for
// the three types results have, a column of doubles or int64 written from its typed array as
// it is (points.parquet holds every sample). Each `write` is one row group, handed to a TempFile
// as it goes (the sink holds the footer's entries only) and renamed into place by `finish`.
// Parquet has no per-field metadata, so each column's unit is a file-level key `unit:NAME`;
// the other metadata keys are copied as they are. The bytes depend only on the data: no
// timestamp, and created_by names no version.
import { commitWithFooter, TempFile } from "./atomic.ts";
import type { Column } from "./columns.ts";
import { encodeColumn, PHYSICAL_TYPE, type ParquetData, type ParquetType } from "./parquetColumn.ts";
import { ThriftWriter, type ThriftStruct } from "./thrift.ts";

export type { ParquetData } from "./parquetColumn.ts";

export interface ParquetField {
  name: string;
  unit: string;
  type: ParquetType;
  /** OPTIONAL: the column may hold nulls (values missing by design); otherwise REQUIRED */
  nullable?: boolean;
}

const PARQUET_CREATED_BY = "wattsweep";

const MAGIC = new TextEncoder().encode("PAR1");
const REQUIRED = 0;
const OPTIONAL = 1;
const CONVERTED_UTF8 = 0;

/** SchemaElements: the root, then one leaf per field. */
function parquetSchema(fields: readonly ParquetField[]): ThriftStruct[] {
  return [
    { 4: "root", 5: fields.length },
    ...fields.map((f): ThriftStruct => ({
      1: PHYSICAL_TYPE[f.type], 3: f.nullable ? OPTIONAL : REQUIRED, 4: f.name, 6: f.type === "STRING" ? CONVERTED_UTF8 : undefined,
    })),
  ];
}

/** `unit:NAME` for every column with a unit, then the caller's keys. */
function parquetKeyValues(fields: readonly ParquetField[], metadata: Record<string, string>): ThriftStruct[] {
  return [
    ...fields.filter((f) => f.unit !== "").map((f) => ({ 1: `unit:${f.name}`, 2: f.unit })),
    ...Object.entries(metadata).map(([key, value]) => ({ 1: key, 2: value })),
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

/**
 * A Parquet file written one row group per `write`, handed to a TempFile as it goes (the sink
 * holds at most the footer's entries in memory) and renamed into place by `finish`.
 */
export class ParquetFileSink {
  private readonly file: TempFile;
  private readonly metadata: Record<string, string>;
  private rows = 0;
  /** the footer's RowGroup structs, written as their groups are (finish only joins them) */
  private readonly rowGroups: Uint8Array[] = [];

  constructor(path: string, private readonly fields: readonly ParquetField[], metadata: Record<string, string> = {}) {
    this.file = new TempFile(path);
    this.metadata = metadata;
  }

  /** One row group holding these columns (same order as the fields). */
  write(columns: readonly ParquetData[]): void {
    const rows = columns[0]?.length ?? 0;
    if (rows === 0) return;
    if (this.file.size === 0) this.file.write(MAGIC);
    let bytes = 0;
    const chunks = this.fields.map((f, i) => {
      // a column chunk's first page is where the file ends now
      const column = encodeColumn(f.name, f.type, f.nullable === true, columns[i], rows, this.file.size);
      for (const part of column.parts) this.file.write(part);
      bytes += column.uncompressed;
      // file_offset: 0, as the format asks of a writer whose ColumnMetaData is in the footer alone
      return { 2: { i64: 0 }, 3: column.meta };
    });
    this.rowGroups.push(new ThriftWriter().struct({ 1: { list: chunks }, 2: { i64: bytes }, 3: { i64: rows } }).done().slice());
    this.rows += rows;
  }

  finish(): void {
    if (this.file.size === 0) this.file.write(MAGIC);
    const kv = parquetKeyValues(this.fields, this.metadata);
    const footer = new ThriftWriter().struct({
      1: 1,
      2: { list: parquetSchema(this.fields) },
      3: { i64: this.rows },
      4: { list: this.rowGroups.map((struct) => ({ struct })), of: "struct" },
      5: kv.length > 0 ? { list: kv } : undefined,
      6: PARQUET_CREATED_BY,
      // each column's statistics are in its type's own order (TypeDefinedOrder): without this
      // the format leaves their meaning undefined, and a reader may ignore them
      7: { list: this.fields.map(() => ({ 1: {} })) },
    }).done();
    commitWithFooter(this.file, footer, MAGIC);
  }

  abort(): void {
    this.file.discard();
  }
}
