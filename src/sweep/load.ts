// Loads a user's sweep file (.ts or .js, anywhere on disk) and builds its plan. Loading
// TypeScript relies on tsx being registered in this thread (bin/wattsweep.js, the worker
// bootstrap) or on vitest's transform.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { InputError } from "../errors.ts";
import { buildPlan, type Plan } from "./plan.ts";

function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split("\n").find((l) => l.trim() !== "")?.trim() ?? "error";
}

export async function loadPlan(file: string): Promise<Plan> {
  const path = resolve(file);
  if (!existsSync(path)) throw new InputError(`${file}: no such sweep file`);
  let mod: Record<string, unknown>;
  try {
    mod = await import(pathToFileURL(path).href);
  } catch (err) {
    throw new InputError(`${file}: failed to load: ${firstLine(err)}`);
  }
  const def = mod.default ?? mod.sweep;
  if (def === undefined) throw new InputError(`${file}: no default export (export default defineSweep({...}))`);
  return buildPlan(def as never, file);
}
