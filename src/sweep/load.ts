// Loads a user's sweep file (.ts or .js, anywhere on disk) and builds its plan. tsx's
// tsImport compiles it whatever the enclosing package's module type: outside a
// "type": "module" package a .ts file becomes CommonJS, and a plain import() of it fails.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { tsImport } from "tsx/esm/api";
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
    mod = await tsImport(path, import.meta.url);
  } catch (err) {
    throw new InputError(`${file}: failed to load: ${firstLine(err)}`);
  }
  // a file compiled to CommonJS comes back as { default: module.exports }
  const inner = mod.default as Record<string, unknown> | null | undefined;
  const exported = inner && typeof inner === "object" && inner.grid === undefined ? inner : mod;
  const def = exported.default ?? exported.sweep;
  if (def === undefined) throw new InputError(`${file}: no default export (export default defineSweep({...}))`);
  return buildPlan(def as never, file);
}
