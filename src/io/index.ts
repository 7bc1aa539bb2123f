export * from "./atomic.ts";
export * from "./folders.ts";
export * from "./columns.ts";
export * from "./csv.ts";
export * from "./arrow.ts";
export * from "./parquet.ts";
export * from "./formats.ts";
import { join } from "node:path";
import { tableToArrow } from "./arrow.ts";
import { writeFileAtomic } from "./atomic.ts";
import type { ColumnTable } from "./columns.ts";
import { tableToCsv } from "./csv.ts";
import { TABLE_FORMATS, type TableFormat } from "./formats.ts";
import { tableToParquet } from "./parquet.ts";

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
    const bytes = format === "csv" ? await tableToCsv(table) : format === "arrow" ? tableToArrow(table, metadata) : tableToParquet(table, metadata);
    writeFileAtomic(path, bytes);
    written.push(path);
  }
  return written;
}
export * from "./installation.ts";
export * from "./barChart.ts";
