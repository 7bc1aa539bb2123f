// Shared by the sweep tests: sweep files written to a temporary folder (outside the repo,
// like a user's), and reading results back.
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
export const API = JSON.stringify(join(ROOT, "src/index.ts"));

export function tempDir(prefix = "wattsweep-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A temporary folder marked "type": "module", like a user's ESM package. Sweep files load the
 * same way in a plain folder (compiled once by the coordinator); userFile.test.ts and
 * errors.test.ts cover that one.
 */
export function moduleDir(prefix = "wattsweep-test-"): string {
  const dir = tempDir(prefix);
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  return dir;
}

/** Writes a sweep file whose body follows `import * as w from <the package>`. */
export function sweepFile(dir: string, name: string, body: string): string {
  const path = join(dir, `${name}.ts`);
  writeFileSync(path, `import * as w from ${API};\n${body}\n`);
  return path;
}

/**
 * A small Table 1-like sweep: ctx 2K..32K × 2 profiles × `betas` values of beta, power ±15 %
 * per GPU, B200 ±20 %, and the B200/H100 gain as a derived metric.
 */
export function table1Body(samples: number, betas = 1, extra = ""): string {
  return `export default w.defineSweep({
  name: "t1-small",
  grid: {
    ctx: w.log2Range(2048, 32768),
    gpu: w.profiles("h100-80gb", "b200-projected"),
    beta: Array.from({ length: ${betas} }, (_, i) => i / 350),
  },
  uncertain: {
    power_factor: { target: "power_scale", dist: w.plusMinus(0.15), vary: "perGpu" },
    b200_power: { target: "power_scale", dist: w.uniform(0.8, 1.2), where: { gpu: "b200-projected" } },
  },
  samples: ${samples},
  method: "latinHypercube",
  seed: 7,
  derived: { generation_gain: w.ratio("tok_per_w", { gpu: "b200-projected" }, { gpu: "h100-80gb" }) },
  ${extra}
});`;
}

export const listFiles = (dir: string) => readdirSync(dir).sort();

/** A sobol sweep of the Ishigami function (a user model) over `grid`, whose a and b are its parameters. */
export const ishigamiBody = (samples: number, grid: string, extra = "", seed = 3) => `export default w.defineSweep({
  name: "ishigami",
  grid: ${grid},
  uncertain: {
    x1: { dist: w.uniform(-Math.PI, Math.PI) },
    x2: { dist: w.uniform(-Math.PI, Math.PI) },
    x3: { dist: w.uniform(-Math.PI, Math.PI) },
  },
  model: {
    outputs: { y: "1" },
    evaluate: ({ x1, x2, x3, a, b }, { y }, rows) => {
      for (let r = 0; r < rows; r++) y[r] = Math.sin(x1[r]) * (1 + b[r] * x3[r] ** 4) + a[r] * Math.sin(x2[r]) ** 2;
    },
  },
  method: "sobol",
  samples: ${samples},
  seed: ${seed},
  ${extra}
});`;
