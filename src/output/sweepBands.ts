// A run's bands in memory (per point and banded column, the BAND_STATS): what studies and
// calibration read instead of reading files back. Every lookup is checked: a misspelled
// column, statistic or dimension throws instead of yielding NaN.
import type { DimValue } from "../definition/index.ts";
import { bandedColumns, coord, type Plan } from "../plan/index.ts";
import { BAND_STATS } from "../stats/bands.ts";

export type BandStat = (typeof BAND_STATS)[number];
/** One grid point: `point` (its index), its dimension values and `${column}_${stat}` entries. */
export type BandRow = Readonly<Record<string, number | string>>;

export class SweepBands {
  /** banded columns: reported metrics, then derived metrics */
  readonly columns: readonly string[];
  private readonly stride: number;

  /** `values` holds points [from, to), row-major: point, banded column, statistic. */
  constructor(readonly plan: Plan, readonly from: number, readonly to: number, readonly values: Float64Array) {
    this.columns = bandedColumns(plan);
    this.stride = this.columns.length * BAND_STATS.length;
  }

  private column(name: string): number {
    const c = this.columns.indexOf(name);
    if (c < 0) throw new Error(`${this.plan.name}: no banded column ${JSON.stringify(name)}; columns: ${this.columns.join(", ")}`);
    return c;
  }

  /** Band statistic of a column at grid point p. */
  stat(p: number, column: string, stat: BandStat): number {
    if (!(p >= this.from && p < this.to)) throw new Error(`${this.plan.name}: point ${p} is outside [${this.from}, ${this.to})`);
    const k = BAND_STATS.indexOf(stat);
    if (k < 0) throw new Error(`unknown band statistic ${JSON.stringify(stat)}; valid: ${BAND_STATS.join(", ")}`);
    return this.values[(p - this.from) * this.stride + this.column(column) * BAND_STATS.length + k];
  }

  /** Value of a dimension at grid point p. */
  dim(p: number, name: string): DimValue {
    const d = this.plan.dims.findIndex((x) => x.name === name);
    if (d < 0) throw new Error(`${this.plan.name}: no dimension ${JSON.stringify(name)}; dimensions: ${this.plan.dims.map((x) => x.name).join(", ")}`);
    return this.plan.dims[d].values[coord(this.plan, p, d)];
  }

  /** Every point as a row of dimension values and band statistics. */
  rows(): BandRow[] {
    const rows: BandRow[] = [];
    for (let p = this.from; p < this.to; p++) {
      const row: Record<string, number | string> = { point: p };
      for (const d of this.plan.dims) row[d.name] = this.dim(p, d.name);
      this.columns.forEach((c) => {
        for (const s of BAND_STATS) row[`${c}_${s}`] = this.stat(p, c, s);
      });
      rows.push(row);
    }
    return rows;
  }
}
