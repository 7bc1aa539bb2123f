// Lookups in a study's band rows (SweepBands.rows()): checked, so a misspelled dimension,
// metric or statistic throws instead of giving NaN.
import type { BandRow, BandStat } from "../../output/sweepBands.ts";

export type { BandRow, BandStat } from "../../output/sweepBands.ts";

/** The rows whose dimension values match every entry of `select`. */
export function where(rows: readonly BandRow[], select: Record<string, number | string>): BandRow[] {
  for (const k of Object.keys(select)) {
    if (rows.length > 0 && !(k in rows[0])) throw new Error(`band rows have no dimension ${JSON.stringify(k)}`);
  }
  return rows.filter((r) => Object.entries(select).every(([k, v]) => r[k] === v));
}

/** The single row matching `select`; a missing or repeated row is a bug in the caller. */
export function only(rows: readonly BandRow[], select: Record<string, number | string>): BandRow {
  const found = where(rows, select);
  if (found.length !== 1) throw new Error(`${found.length} bands rows for ${JSON.stringify(select)}`);
  return found[0];
}

/** A band statistic as a number. */
export function stat(row: BandRow, metric: string, s: BandStat): number {
  const v = row[`${metric}_${s}`];
  if (typeof v !== "number") throw new Error(`band row has no ${metric}_${s}`);
  return v;
}
