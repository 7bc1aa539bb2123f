import type { ColumnTable } from "../io/columns.ts";
import type { PaperRevision } from "../model/catalog.ts";

export interface PaperOptions {
  revision: PaperRevision;
  /** how Table 3 takes expectations over request lengths (docs/model.md §9) */
  sampler: "exact" | "reference";
  /** seed of the reference sampler (unused by the exact method) */
  seed: number;
  /** Table 3's utilisation cap (default the paper's 0.85; 1: sized on the P99 target alone) */
  maxUtilisation?: number;
}

/** What one paper table produces: files to write (`NAME.csv`, `.arrow`, `.parquet`) and the printed layout. */
export interface TableOutput {
  files: Array<{ name: string; table: ColumnTable }>;
  text: string;
}

export interface PaperTable {
  id: number;
  title: string;
  build(opts: PaperOptions): TableOutput;
}

/** The reference sampler's seed behind the paper's published Table 3. */
export const PAPER_SAMPLER_SEED = 42;
