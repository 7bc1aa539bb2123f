import { writeToString } from "fast-csv";
import { hasValue, type ColumnTable } from "./columns.ts";

/**
 * CSV text of a table: a header row of column names, then one row per record. Numbers
 * are written in JavaScript's shortest round-trip form, so a reader recovers every bit; a
 * missing value (null) is an empty cell.
 */
export async function tableToCsv(table: ColumnTable): Promise<string> {
  const rows: string[][] = [table.columns.map((c) => c.name)];
  for (let i = 0; i < table.length; i++) rows.push(table.columns.map((c) => (hasValue(c, i) ? String(c.values[i]) : "")));
  return (await writeToString(rows, { headers: false, includeEndRowDelimiter: true })) as string;
}
