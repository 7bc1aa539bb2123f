// A table written as NAME.csv, NAME.arrow and NAME.parquet (those asked for) a part at a time:
// a sweep hands its bands on as its chunks come back, so they are encoded while it computes
// rather than all at its end. Parts are groups of TABLE_GROUP_ROWS rows (the last fewer), one
// Arrow record batch and one Parquet row group each, whoever writes the table (a run as it
// goes, writeTableFiles at once: merge, the paper), so the bytes depend on the table alone.
// Each file goes to a temporary name and is renamed into place by `finish`.
import { join } from "node:path";
import { TempFile } from "./atomic.ts";
import type { Column, ColumnTable } from "./columns.ts";
import { makeFolder } from "./folders.ts";
import type { TableFormat } from "./formats.ts";

/** Rows of a table's parts: of an Arrow record batch, a Parquet row group. */
export const TABLE_GROUP_ROWS = 4096;

/** The writers of each format (csv.ts, arrow.ts, parquet.ts, the latter two with their libraries), loaded on first use. */
const WRITERS = {
  csv: () => import("./csv.ts"),
  arrow: () => import("./arrow.ts"),
  parquet: () => import("./parquet.ts"),
} satisfies Record<TableFormat, () => Promise<unknown>>;

/**
 * Loads the writers of `formats` ahead of their first table, e.g. while a sweep computes. The
 * promise never rejects (a failed load fails the write that needs it).
 */
export function loadTableWriters(formats: readonly TableFormat[]): Promise<void> {
  return Promise.all(formats.map((f) => WRITERS[f]())).then(() => undefined, () => undefined);
}

interface FormatSink {
  append(part: ColumnTable): void | Promise<void>;
  finish(): void | Promise<void>;
  abort(): void;
}

/** Rows [r0, r1) of a table, its columns' kinds and nullability kept (typed arrays as views). */
export function sliceTable(table: ColumnTable, r0: number, r1: number): ColumnTable {
  const rows = (values: ArrayLike<number | string>) =>
    ArrayBuffer.isView(values) ? (values as Float64Array).subarray(r0, r1) : Array.prototype.slice.call(values, r0, r1);
  const columns = table.columns.map((c) => ({ ...c, values: rows(c.values), ...(c.valid ? { valid: c.valid.subarray(r0, r1) } : {}) }) as Column);
  return { columns, length: r1 - r0 };
}

/** NAME.csv: the header with the first part, then each part's lines. */
function csvSink(path: string, csv: typeof import("./csv.ts")): FormatSink {
  const file = new TempFile(path);
  let header = true;
  return {
    append(part) {
      file.write((header ? csv.csvHeader(part) : "") + csv.csvRows(part));
      header = false;
    },
    finish: () => file.commit(),
    abort: () => file.discard(),
  };
}

/** The files of one table, written part by part; see the header. */
export class TableFileSink {
  private sinks: Promise<FormatSink[]> | null = null;
  private readonly paths: string[];
  /** the first part's columns (name, kind, nullable): every part must have them, as the files' schemas do */
  private shape: string | null = null;
  /** a part shorter than TABLE_GROUP_ROWS came: it was the last */
  private ended = false;

  constructor(dir: string, name: string, private readonly formats: readonly TableFormat[], private readonly metadata: Record<string, string> = {}) {
    makeFolder(dir);
    this.paths = formats.map((f) => join(dir, `${name}.${f}`));
  }

  /**
   * The next rows: TABLE_GROUP_ROWS of them, but for the table's last part (the first sets the
   * columns). Anything else is refused: the bytes would then depend on how the writer was fed.
   */
  async append(part: ColumnTable): Promise<void> {
    const shape = part.columns.map((c) => `${c.name}:${c.kind}${c.valid ? "?" : ""}`).join(",");
    if ((this.shape ??= shape) !== shape) throw new Error(`TableFileSink: a part with columns ${shape} after parts with ${this.shape}`);
    if (this.ended || part.length > TABLE_GROUP_ROWS) throw new Error(`TableFileSink: a part of ${part.length} rows ${this.ended ? "after the last (shorter) part" : `> ${TABLE_GROUP_ROWS}`}`);
    this.ended = part.length < TABLE_GROUP_ROWS;
    this.sinks ??= this.open(part);
    for (const sink of await this.sinks) await sink.append(part);
  }

  /** Renames the finished files into place and returns their paths; at least one part must have come. */
  async finish(): Promise<string[]> {
    if (this.sinks === null) throw new Error("TableFileSink.finish before any part: a table has at least its (possibly empty) first part");
    for (const sink of await this.sinks) await sink.finish();
    return this.paths;
  }

  /** Removes the temporary files of the formats not yet in place (a file in place is its TempFile's to keep: see TempFile.discard). */
  async abort(): Promise<void> {
    if (this.sinks === null) return;
    for (const sink of await this.sinks.catch(() => [])) sink.abort();
  }

  /** The writers of each format, set up from the first part's columns; if one fails to open, the others are removed. */
  private async open(first: ColumnTable): Promise<FormatSink[]> {
    const opened = await Promise.allSettled(this.formats.map((format, i) => this.openFormat(format, this.paths[i], first)));
    const failed = opened.find((r) => r.status === "rejected");
    if (failed === undefined) return opened.map((r) => (r as PromiseFulfilledResult<FormatSink>).value);
    for (const r of opened) if (r.status === "fulfilled") r.value.abort();
    throw failed.reason;
  }

  private async openFormat(format: TableFormat, path: string, first: ColumnTable): Promise<FormatSink> {
    if (format === "csv") return csvSink(path, await WRITERS.csv());
    if (format === "arrow") {
      const arrow = await WRITERS.arrow();
      const schema = arrow.arrowSchema(first, this.metadata);
      const sink = new arrow.ArrowFileSink(path);
      return { append: (part) => sink.write(arrow.toRecordBatch(part, schema)), finish: () => sink.finish(schema), abort: () => sink.abort() };
    }
    const parquet = await WRITERS.parquet();
    const sink = new parquet.ParquetFileSink(path, first.columns.map(parquet.parquetField), this.metadata);
    return { append: (part) => sink.write(part.columns.map(parquet.parquetData)), finish: () => sink.finish(), abort: () => sink.abort() };
  }
}
