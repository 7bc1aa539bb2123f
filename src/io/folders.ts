import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { InputError } from "../errors.ts";

/**
 * Creates `dir` and its missing parents, one level at a time. Node's
 * `mkdirSync(dir, { recursive: true })` never returns when a parent refuses new folders with
 * ENOENT (any path under /proc): it retries forever at full CPU. Here every failure is one
 * line naming the folder (`what`, e.g. "--out") and the reason.
 */
export function makeFolder(dir: string, what = dir): void {
  const missing: string[] = [];
  let d = resolve(dir);
  while (!existsSync(d)) {
    missing.push(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  if (existsSync(d) && !statSync(d).isDirectory()) {
    throw new InputError(`${what}: cannot create folder ${dir}: ${d} is a file`);
  }
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EEXIST") continue;
      throw new InputError(`${what}: cannot create folder ${m} (${code ?? String(err)})`);
    }
  }
}
