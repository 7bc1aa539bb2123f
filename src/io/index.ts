export * from "./atomic.ts";
export * from "./folders.ts";
export * from "./columns.ts";
export * from "./formats.ts";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic.ts";
import type { ColumnTable } from "./columns.ts";
import { TABLE_FORMATS, type TableFormat } from "./formats.ts";

// The writers of the three formats (csv.ts, arrow.ts, parquet.ts, the latter two with their
// libraries) load on first use: the package index, which every worker loads with a sweep
// file, and commands that write no table stay without them.
const WRITERS = {
  csv: async () => (await import("./csv.ts")).tableToCsv,
  arrow: async () => (await import("./arrow.ts")).tableToArrow,
  parquet: async () => (await import("./parquet.ts")).tableToParquet,
} satisfies Record<TableFormat, () => Promise<(table: ColumnTable, metadata: Record<string, string>) => string | Uint8Array | Promise<string>>>;

/**
 * Loads the writers of `formats` ahead of writeTableFiles, e.g. while a sweep computes. The
 * promise never rejects (a failed load fails the write that needs it).
 */
export function loadTableWriters(formats: readonly TableFormat[]): Promise<void> {
  return Promise.all(formats.map((f) => WRITERS[f]())).then(() => undefined, () => undefined);
}

/**
 * Writes `DIR/NAME.csv`, `DIR/NAME.arrow` and `DIR/NAME.parquet` (those of `formats`), each
 * atomically; the metadata goes into the Arrow schema and the Parquet key-value pairs.
 * Returns the paths written.
 */
export async function writeTableFiles(dir: string, name: string, table: ColumnTable,
  metadata: Record<string, string> = {}, formats: readonly TableFormat[] = TABLE_FORMATS): Promise<string[]> {
  const written: string[] = [];
  for (const format of formats) {
    const path = join(dir, `${name}.${format}`);
    const bytes = await (await WRITERS[format]())(table, metadata);
    writeFileAtomic(path, bytes);
    written.push(path);
  }
  return written;
}
export * from "./installation.ts";
export * from "./barChart.ts";
