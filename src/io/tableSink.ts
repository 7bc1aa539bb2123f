// A table written as NAME.csv, NAME.arrow and NAME.parquet (those asked for) as its rows come:
// a sweep hands its bands on as its chunks come back, so they are encoded while it computes
// rather than all at its end. CSV lines are written as rows come (a row's line is the same
// whatever came before it); Arrow and Parquet in parts of TABLE_GROUP_ROWS rows (the last
// fewer), one record batch and one row group each, cut here from whatever slices came, so the
// bytes depend on the table alone, not on how it was fed (a run as it goes, merge and the paper
// all at once). Each file goes to a temporary name and is renamed into place by `finish`.
import { join } from "node:path";
import { TempFile } from "./atomic.ts";
import { withValues, type Column, type ColumnTable } from "./columns.ts";
import { makeFolder } from "./folders.ts";
import type { TableFormat } from "./formats.ts";

/**
 * Rows of a table's parts: of an Arrow record batch, a Parquet row group. Few enough that a
 * run's bands of a few thousand points are encoded while its chunks compute, all but the last
 * part, rather than all after the last chunk.
 */
export const TABLE_GROUP_ROWS = 1024;

/** The writers of each format (csv.ts, arrowTable.ts, parquet.ts), loaded on first use. */
const WRITERS = {
  csv: () => import("./csv.ts"),
  arrow: () => import("./arrowTable.ts"),
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
  /** whether the format takes rows as they come (CSV); else parts of TABLE_GROUP_ROWS rows */
  streams: boolean;
  append(rows: ColumnTable): void | Promise<void>;
  finish(): void | Promise<void>;
  abort(): void;
}

/** Rows [r0, r1) of a table, its columns' kinds and nullability kept (typed arrays as views). */
export function sliceTable(table: ColumnTable, r0: number, r1: number): ColumnTable {
  if (r0 === 0 && r1 === table.length) return table; // no copy of its plain arrays (text columns)
  const rows = (values: ArrayLike<number | string>) =>
    ArrayBuffer.isView(values) ? (values as Float64Array).subarray(r0, r1) : Array.prototype.slice.call(values, r0, r1);
  const columns = table.columns.map((c) => withValues(c, rows(c.values), c.valid?.subarray(r0, r1)));
  return { columns, length: r1 - r0 };
}

/**
 * The rows of `tables` (the same columns) one after another, as one table; typed arrays stay
 * typed. A column is nullable if it is in any table (merge: a shard without nulls wrote it required).
 */
export function concatTables(tables: readonly ColumnTable[]): ColumnTable {
  if (tables.length === 1) return tables[0];
  const length = tables.reduce((n, t) => n + t.length, 0);
  const columns = tables[0].columns.map((first, j) => {
    const parts = tables.map((t) => t.columns[j]);
    const values = ArrayBuffer.isView(first.values)
      ? concatTyped(parts.map((c) => c.values as Float64Array), new (first.values.constructor as Float64ArrayConstructor)(length))
      : parts.flatMap((c) => Array.from(c.values as ArrayLike<number | string>));
    const nullable = parts.some((c) => c.valid !== undefined);
    const valid = nullable ? concatTyped(parts.map((c) => c.valid ?? new Uint8Array(c.values.length).fill(1)), new Uint8Array(length)) : undefined;
    return withValues(first, values, valid);
  });
  return { columns, length };
}

function concatTyped<T extends Float64Array | Uint8Array>(parts: readonly ArrayLike<number>[], into: T): T {
  let at = 0;
  for (const p of parts) {
    into.set(p, at);
    at += p.length;
  }
  return into;
}

/** NAME.csv: the header with the first rows, then the lines of the rows as they come. */
function csvSink(path: string, csv: typeof import("./csv.ts")): FormatSink {
  const file = new TempFile(path);
  let header = true;
  return {
    streams: true,
    append(rows) {
      if (header) file.write(csv.csvHeader(rows));
      header = false;
      csv.csvRows(rows, (bytes) => file.write(bytes));
    },
    finish: () => file.commit(),
    abort: () => file.discard(),
  };
}

/** The files of one table, written as its rows come; see the header. */
export class TableFileSink {
  private sinks: Promise<FormatSink[]> | null = null;
  private readonly paths: string[];
  /** the first rows' columns (name, kind, nullable): all rows must have them, as the files' schemas do */
  private shape: string | null = null;
  /** rows not yet in a part of the formats written in parts, in order: the first's from row `taken` on; `waiting` of them */
  private pending: ColumnTable[] = [];
  private taken = 0;
  private waiting = 0;

  constructor(dir: string, name: string, private readonly formats: readonly TableFormat[], private readonly metadata: Record<string, string> = {}) {
    makeFolder(dir);
    this.paths = formats.map((f) => join(dir, `${name}.${f}`));
  }

  /**
   * Rows still to come before the next Arrow/Parquet part is complete (and encoded, by the
   * append that brings them); Infinity when every format takes rows as they come (CSV alone).
   */
  get rowsToPart(): number {
    return this.formats.every((f) => f === "csv") ? Infinity : TABLE_GROUP_ROWS - this.waiting;
  }

  /**
   * The table's next rows, any number of them (the first set the columns). They are read until
   * their part is written: the caller leaves their arrays as they are.
   */
  async append(rows: ColumnTable): Promise<void> {
    const shape = rows.columns.map((c) => `${c.name}:${c.kind}${c.valid ? "?" : ""}`).join(",");
    if ((this.shape ??= shape) !== shape) throw new Error(`TableFileSink: rows with columns ${shape} after rows with ${this.shape}`);
    this.sinks ??= this.open(rows);
    const sinks = await this.sinks;
    for (const sink of sinks) if (sink.streams) await sink.append(rows);
    if (sinks.every((sink) => sink.streams)) return;
    this.pending.push(rows);
    this.waiting += rows.length;
    while (this.waiting >= TABLE_GROUP_ROWS) await this.writePart(TABLE_GROUP_ROWS);
  }

  /** The next `n` (> 0) pending rows as one part of the formats written in parts. */
  private async writePart(n: number): Promise<void> {
    const slices: ColumnTable[] = [];
    for (let need = n; need > 0;) {
      const rows = this.pending[0];
      const end = Math.min(rows.length, this.taken + need);
      slices.push(sliceTable(rows, this.taken, end));
      need -= end - this.taken;
      if (end < rows.length) this.taken = end;
      else {
        this.pending.shift();
        this.taken = 0;
      }
    }
    this.waiting -= n;
    const part = concatTables(slices);
    for (const sink of await this.sinks!) if (!sink.streams) await sink.append(part);
  }

  /** Writes the last part, renames the finished files into place and returns their paths; rows (perhaps none) must have come. */
  async finish(): Promise<string[]> {
    if (this.sinks === null) throw new Error("TableFileSink.finish before any rows: a table has at least its columns (an append of no rows)");
    const sinks = await this.sinks;
    // (a table of no rows: its Arrow file gets an empty batch, its Parquet file no row group, both its columns)
    if (this.waiting > 0) await this.writePart(this.waiting);
    for (const sink of sinks) await sink.finish();
    return this.paths;
  }

  /** Removes the temporary files of the formats not yet in place (a file in place is its TempFile's to keep: see TempFile.discard). */
  async abort(): Promise<void> {
    if (this.sinks === null) return;
    for (const sink of await this.sinks.catch(() => [])) sink.abort();
  }

  /** The writers of each format, set up from the first rows' columns; if one fails to open, the others are removed. */
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
      const sink = new arrow.ArrowTableSink(path, first.columns, this.metadata);
      return { streams: false, append: (part) => sink.write(part), finish: () => sink.finish(), abort: () => sink.abort() };
    }
    const parquet = await WRITERS.parquet();
    const sink = new parquet.ParquetFileSink(path, first.columns.map(parquet.parquetField), this.metadata);
    return { streams: false, append: (part) => sink.write(part.columns.map(parquet.parquetData)), finish: () => sink.finish(), abort: () => sink.abort() };
  }
}
