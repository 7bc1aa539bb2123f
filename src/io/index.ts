export * from "./atomic.ts";
export * from "./folders.ts";
export * from "./columns.ts";
export * from "./csv.ts";
export * from "./arrow.ts";
import { join } from "node:path";
import { tableToArrow } from "./arrow.ts";
import { writeFileAtomic } from "./atomic.ts";
import type { ColumnTable } from "./columns.ts";
import { tableToCsv } from "./csv.ts";

/** Writes `DIR/NAME.csv` and `DIR/NAME.arrow`, each atomically. Returns both paths. */
export async function writeTableFiles(dir: string, name: string, table: ColumnTable,
  metadata: Record<string, string> = {}): Promise<string[]> {
  const csvPath = join(dir, `${name}.csv`);
  const arrowPath = join(dir, `${name}.arrow`);
  const csv = await tableToCsv(table);
  const arrow = tableToArrow(table, metadata);
  writeFileAtomic(csvPath, csv);
  writeFileAtomic(arrowPath, arrow);
  return [csvPath, arrowPath];
}
export * from "./installation.ts";
