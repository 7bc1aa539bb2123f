// Study sweeps with test-sized options, written to a temporary module folder (moduleDir).
import type { ColumnTable } from "../../src/io/index.ts";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { BandRow } from "../../src/paper/studies/bandRows.ts";
import { runSweep, type Plan } from "../../src/sweep/index.ts";
export { moduleDir } from "../sweep/helpers.ts";

export const ROOT = resolve(import.meta.dirname, "../..");
const STUDIES = join(ROOT, "src/paper/studies");
const SWEEP_API = JSON.stringify(join(ROOT, "src/sweep/index.ts"));

export const tempDir = () => mkdtempSync(join(tmpdir(), "wattsweep-studies-"));

/** A sweep file `name`.ts whose default export is `builder(options)` from src/paper/studies/`module`.ts. */
export function studyFile(dir: string, name: string, module: string, builder: string, options: string): string {
  const path = join(dir, `${name}.ts`);
  writeFileSync(path, [
    `import * as w from ${SWEEP_API};`,
    `import { ${builder} } from ${JSON.stringify(join(STUDIES, `${module}.ts`))};`,
    `void w;`,
    `export default ${builder}(${options});`,
    "",
  ].join("\n"));
  return path;
}

export async function runStudySweep(file: string, points = false): Promise<{ plan: Plan; bands: BandRow[]; indices: ColumnTable | null; out: string }> {
  const out = join(tempDir(), "out");
  const r = await runSweep({ file, out, workers: 2, progress: null, points });
  return { plan: r.plan, bands: r.bands!.rows(), indices: r.indices, out };
}

/** Least squares slope of ln y on ln x, written out independently of src/paper/studies/alpha.ts. */
export function independentSlope(x: number[], y: number[]): number {
  const n = x.length;
  const u = x.map((v) => Math.log(v));
  const v = y.map((w) => Math.log(w));
  const su = u.reduce((a, b) => a + b, 0);
  const sv = v.reduce((a, b) => a + b, 0);
  const suu = u.reduce((a, b) => a + b * b, 0);
  const suv = u.reduce((a, b, i) => a + b * v[i], 0);
  return (n * suv - su * sv) / (n * suu - su * su);
}
