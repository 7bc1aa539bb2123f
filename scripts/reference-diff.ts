// Largest relative difference of Tables 1, 2, 4, 5 (values and intermediates) from the
// reference planner's outputs in test/fixtures/reference-v1.json and reference-v2.json:
// `npx tsx scripts/reference-diff.ts`.
import { readFileSync } from "node:fs";
import { table1Rows, table2Rows, table4Rows, table5Rows } from "../src/paper/singleGpuTables.ts";

const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));
const worst = (pairs: Array<[number, number]>) => Math.max(...pairs.map(([a, b]) => rel(a, b)));

for (const revision of ["v1", "v2"] as const) {
  const ref = JSON.parse(readFileSync(new URL(`../test/fixtures/reference-${revision}.json`, import.meta.url), "utf8"));
  const t1 = table1Rows(revision);
  const d1 = worst(ref.table1.flatMap((r: any) => (["H100", "B200"] as const).flatMap((g) => {
    const m = t1.find((x) => x.ctx === r.ctx && x.gpu === g)!;
    const e = r[g];
    return [[m.n_max, e.n_max], [m.power_w, e.power_w], [m.iter_s, e.iter_s], [m.tok_s, e.tok_s], [m.tok_per_w, e.tok_per_w]] as Array<[number, number]>;
  })));
  const t2 = table2Rows(revision);
  const d2 = worst(ref.table2.flatMap((r: any) => (["H100", "B200"] as const).flatMap((g) => {
    const m = t2.find((x) => x.model === r.model && x.gpu === g)!;
    const e = r[g];
    return [[m.w_used_s, e.W_used], [m.n_max, e.n_max], [m.power_w, e.power_w], [m.tok_s, e.tok_s], [m.tok_per_w, e.tok_per_w],
      [m.profile.W, e.profile.W], [m.profile.H, e.profile.H], [m.profile.kvBlocks, e.profile.total_kv_blks],
      [m.profile.paramCount, e.profile.param_count], [m.profile.activeParamCount, e.profile.active_param_count]] as Array<[number, number]>;
  })));
  const t4 = table4Rows();
  const d4 = worst(ref.table4.flatMap((e: any) => {
    const m = t4.find((x) => x.pool === e.pool)!;
    return [[m.n_max, e.n_max], [m.n_active, e.n_active], [m.power_w, e.power_w], [m.tok_per_w, e.tok_per_w]] as Array<[number, number]>;
  }));
  const t5 = table5Rows(revision);
  const d5 = worst(ref.table5.flatMap((e: any) => {
    const m = t5.find((x) => x.gpu === e.gpu)!;
    return [[m.w_ms, e.W_ms], [m.n_max, e.n_max], [m.p_sat_w, e.p_sat_w], [m.tok_per_w, e.tok_per_w],
      [m.tok_per_dollar_m, e.tok_per_dollar_M], [m.profile.kvBlocks, e.profile.total_kv_blks]] as Array<[number, number]>;
  }));
  console.log(`largest relative difference from reference-${revision}: table1 ${d1.toExponential(2)}, table2 ${d2.toExponential(2)}, ` +
    `table4 ${d4.toExponential(2)}, table5 ${d5.toExponential(2)}`);
}
