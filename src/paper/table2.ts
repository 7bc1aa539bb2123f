import { tableFromRows } from "../io/columns.ts";
import { formatTable } from "../io/format.ts";
import { beside, published } from "./published.ts";
import { table2Rows } from "./singleGpuTables.ts";
import type { PaperTable } from "./types.ts";

export const table2: PaperTable = {
  id: 2,
  title: "Table 2: models at 8K context, computed profiles (H100 vs B200)",
  build({ revision }) {
    const rows = table2Rows(revision);
    const paper = revision === "v1" ? published().table2.rows : [];
    const text = [["model", "tp", "H100 n_max", "H100 tok/s", "H100 tok/W", "B200 n_max", "B200 tok/s", "B200 tok/W"]];
    for (let i = 0; i < rows.length; i += 2) {
      const [h, b] = [rows[i], rows[i + 1]];
      const p = paper[i / 2] ?? [];
      text.push([h.dtype_bytes === 2 ? h.model : `${h.model} (${h.dtype_bytes === 1 ? "fp8" : `${h.dtype_bytes} B`})`,
        String(h.tp), beside(h.n_max, p[2], 0), beside(h.tok_s, p[3], 0), beside(h.tok_per_w, p[4], 2),
        beside(b.n_max, p[5], 0), beside(b.tok_s, p[6], 0), beside(b.tok_per_w, p[7], 2)]);
    }
    const table = tableFromRows(rows, [
      { name: "model", kind: "string" }, { name: "gpu", kind: "string" }, { name: "tp", unit: "GPUs", kind: "int" },
      { name: "n_max", unit: "sequences", kind: "int" }, { name: "tok_s", unit: "tokens/s per instance", kind: "float" },
      { name: "power_w", unit: "W per GPU", kind: "float" }, { name: "tok_per_w", unit: "tokens/J", kind: "float" },
    ]);
    return { files: [{ name: "table2", table }], text: formatTable(text) };
  },
};
