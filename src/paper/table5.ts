import { tableFromRows } from "../io/columns.ts";
import { formatTable } from "../io/format.ts";
import { beside, published } from "./published.ts";
import { table5Rows } from "./singleGpuTables.ts";
import type { PaperTable } from "./types.ts";

export const table5: PaperTable = {
  id: 5,
  title: "Table 5: GPU generations at 8K context (Llama-3.1-70B, TP8, computed profiles)",
  build({ revision }) {
    const rows = table5Rows(revision);
    const paper = revision === "v1" ? published().table5.rows : [];
    const text = [["gpu", "TDP W", "W ms", "n_max", "P_sat W", "tok/W", "$/h", "tok/$ (M)"]];
    rows.forEach((r, i) => {
      const p = paper[i] ?? [];
      text.push([r.gpu, String(r.tdp_w), beside(r.w_ms, p[3], 2), beside(r.n_max, p[4], 0), beside(r.p_sat_w, p[5], 0),
        beside(r.tok_per_w, p[6], 2), r.cost_per_hr.toFixed(1), beside(r.tok_per_dollar_m, p[8], 2)]);
    });
    const table = tableFromRows(rows, [
      { name: "gpu", kind: "string" }, { name: "n_max", unit: "sequences", kind: "int" },
      { name: "p_sat_w", unit: "W per GPU", kind: "float" }, { name: "w_ms", unit: "ms", kind: "float" },
      { name: "tok_per_w", unit: "tokens/J", kind: "float" }, { name: "tok_per_dollar_m", unit: "million tokens/$", kind: "float" },
    ]);
    return { files: [{ name: "table5", table }], text: formatTable(text) };
  },
};
