import { readFileSync } from "node:fs";
import { packagePath } from "../packageRoot.ts";

/** The values printed in the paper (v1), shipped with the package: data/paper/published-v1.json. */
export interface Published {
  table1: { rows: number[][] };
  table2: { rows: Array<[string, number, number, number, number, number, number, number]> };
  table3: { rows: Array<[string, number, string, string, number, number, number, string | null]> };
  table4: { rows: Array<[string, string, number, number, number, number]> };
  table5: { rows: Array<[string, number, number, number, number, number, number, number, number]> };
  headline_claims: Record<string, number | number[]>;
}

let cached: Published | undefined;

export function published(): Published {
  cached ??= JSON.parse(readFileSync(packagePath("data/paper/published-v1.json"), "utf8")) as Published;
  return cached;
}

/** "computed (paper)" with the computed value at the paper's precision; a dash where the paper has none. */
export function beside(value: number, paper: number | undefined, digits: number): string {
  const v = value.toFixed(digits);
  return paper === undefined ? v : `${v} (${paper})`;
}

let cachedV2: { headline_claims: Record<string, number> } | undefined;

/** The v2 revision's headline values that differ from v1: data/paper/published-v2.json. */
export function publishedV2(): { headline_claims: Record<string, number> } {
  cachedV2 ??= JSON.parse(readFileSync(packagePath("data/paper/published-v2.json"), "utf8"));
  return cachedV2!;
}
