// Reads a sweep's bands.arrow back as plain rows (dimension values and band statistics).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";

export type BandRow = Readonly<Record<string, number | string>>;

export function readBands(dir: string): BandRow[] {
  const table = tableFromIPC(readFileSync(join(dir, "bands.arrow")));
  const names = table.schema.fields.map((f) => f.name);
  const columns = names.map((n) => table.getChild(n)!.toArray() as ArrayLike<unknown>);
  return Array.from({ length: table.numRows }, (_, r) =>
    Object.fromEntries(names.map((n, c) => {
      const v = columns[c][r];
      return [n, typeof v === "bigint" ? Number(v) : (v as number | string)];
    })));
}

/** The rows whose dimension values match every entry of `select`. */
export function where(rows: readonly BandRow[], select: Record<string, number | string>): BandRow[] {
  return rows.filter((r) => Object.entries(select).every(([k, v]) => r[k] === v));
}

/** The single row matching `select`; a missing or repeated row is a bug in the caller. */
export function only(rows: readonly BandRow[], select: Record<string, number | string>): BandRow {
  const found = where(rows, select);
  if (found.length !== 1) throw new Error(`${found.length} bands rows for ${JSON.stringify(select)}`);
  return found[0];
}

/** A band statistic as a number. */
export const stat = (row: BandRow, metric: string, s: string): number => row[`${metric}_${s}`] as number;
