import { table1 } from "./table1.ts";
import { table2 } from "./table2.ts";
import { table3 } from "./table3.ts";
import { table4 } from "./table4.ts";
import { table5 } from "./table5.ts";
import type { PaperTable } from "./types.ts";

export { PAPER_SAMPLER_SEED, type PaperOptions, type PaperTable, type TableOutput } from "./types.ts";

/** Every table `wattsweep paper` can regenerate, in the paper's order. */
export const PAPER_TABLES: PaperTable[] = [table1, table2, table3, table4, table5].sort((a, b) => a.id - b.id);
