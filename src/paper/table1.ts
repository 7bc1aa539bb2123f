import { tableFromRows } from "../io/columns.ts";
import { formatTable } from "../io/format.ts";
import { beside, published } from "./published.ts";
import { table1Rows, TABLE1_CONTEXTS } from "./singleGpuTables.ts";
import type { PaperTable } from "./types.ts";

export const table1: PaperTable = {
  id: 1,
  title: "Table 1: tokens per watt vs context window (Llama-3.1-70B, TP8, full batch)",
  build({ revision }) {
    const rows = table1Rows(revision);
    const paper = revision === "v1" ? published().table1.rows : [];
    const text = [["ctx", "H100 n_max", "H100 P_sat W", "H100 tok/W", "B200 n_max", "B200 P_sat W", "B200 tok/W"]];
    TABLE1_CONTEXTS.forEach((ctx, i) => {
      const [h, b] = [rows[2 * i], rows[2 * i + 1]];
      const p = paper[i] ?? [];
      text.push([`${ctx / 1024}K`, beside(h.n_max, p[1], 0), beside(h.power_w, p[2], 0), beside(h.tok_per_w, p[3], 2),
        beside(b.n_max, p[4], 0), beside(b.power_w, p[5], 0), beside(b.tok_per_w, p[6], 2)]);
    });
    const table = tableFromRows(rows, [
      { name: "ctx", unit: "tokens", kind: "int" }, { name: "gpu", kind: "string" },
      { name: "n_max", unit: "sequences", kind: "int" }, { name: "power_w", unit: "W per GPU", kind: "float" },
      { name: "tok_s", unit: "tokens/s per instance", kind: "float" }, { name: "tok_per_w", unit: "tokens/J", kind: "float" },
    ]);
    return { files: [{ name: "table1", table }], text: formatTable(text) };
  },
};
