import { badInput } from "../errors.ts";

/** The file formats a table is written in: `NAME.csv`, `NAME.arrow` (IPC file), `NAME.parquet`. */
export type TableFormat = "csv" | "arrow" | "parquet";

export const TABLE_FORMATS: readonly TableFormat[] = ["csv", "arrow", "parquet"];

/** Parses `--format arrow,parquet,csv` (any order, no repeats) into formats in the canonical order. */
export function parseFormats(flag: string, text: string): TableFormat[] {
  const items = text.split(",").map((s) => s.trim().toLowerCase());
  for (const item of items) {
    if (!TABLE_FORMATS.includes(item as TableFormat)) badInput(flag, "format", item, `must be one or more of ${TABLE_FORMATS.join(", ")}, comma-separated`);
  }
  return TABLE_FORMATS.filter((f) => items.includes(f));
}
