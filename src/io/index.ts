export * from "./atomic.ts";
export * from "./folders.ts";
export * from "./columns.ts";
export * from "./formats.ts";
import type { ColumnTable } from "./columns.ts";
import { TABLE_FORMATS, type TableFormat } from "./formats.ts";
import { TableFileSink } from "./tableSink.ts";
export { concatTables, loadTableWriters, TABLE_GROUP_ROWS, TableFileSink } from "./tableSink.ts";

/**
 * Writes `DIR/NAME.csv`, `DIR/NAME.arrow` and `DIR/NAME.parquet` (those of `formats`), each
 * atomically, through a TableFileSink (see tableSink.ts for the parts); the metadata goes into the
 * Arrow schema and the Parquet key-value pairs. Returns the paths written.
 */
export async function writeTableFiles(dir: string, name: string, table: ColumnTable,
  metadata: Record<string, string> = {}, formats: readonly TableFormat[] = TABLE_FORMATS): Promise<string[]> {
  const sink = new TableFileSink(dir, name, formats, metadata);
  try {
    await sink.append(table);
    return await sink.finish();
  } catch (err) {
    await sink.abort();
    throw err;
  }
}
export * from "./installation.ts";
export * from "./barChart.ts";
