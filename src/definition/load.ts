// Loads a user's sweep file (.ts or .js, anywhere on disk): its default export, the sha256
// of its bytes (workers check they load the file the coordinator planned) and the module it
// compiled to (compile.ts), which workers import instead of compiling the file again.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { InputError } from "../errors.ts";
import { compileSweepFile, writeModule } from "./compile.ts";
import type { SweepDefinition } from "./define.ts";

/** The first line of a load error's message. */
function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split("\n").map((l) => l.trim()).find((l) => l !== "") ?? "error";
}

export interface LoadedDefinition {
  definition: SweepDefinition;
  sourceHash: string;
  /** the compiled sweep file's URL, for workers */
  module: string;
}

/** Where a sweep file's module comes from: `compiled`, the one the coordinator made of it (in workers); else compiled here, and handed to `onCompiled` before it loads. */
export interface ModuleSource {
  compiled?: string;
  onCompiled?: (module: string) => void;
}

/** Loads `file` (see ModuleSource). */
export async function loadDefinition(file: string, { compiled, onCompiled }: ModuleSource = {}): Promise<LoadedDefinition> {
  const path = resolve(file);
  if (!existsSync(path)) throw new InputError(`${file}: no such sweep file`);
  const bytes = readFileSync(path);
  let module = compiled ?? "";
  let mod: Record<string, unknown>;
  try {
    if (module === "") {
      module = writeModule(path, await compileSweepFile(path, bytes));
      onCompiled?.(module);
    }
    mod = await import(module);
  } catch (err) {
    throw new InputError(`${file}: failed to load: ${firstLine(err)}`);
  }
  // a CommonJS file comes back as { default: module.exports }
  const inner = mod.default as Record<string, unknown> | null | undefined;
  const exported = inner && typeof inner === "object" && inner.grid === undefined ? inner : mod;
  const def = exported.default ?? exported.sweep;
  if (def === undefined) throw new InputError(`${file}: no default export (export default defineSweep({...}))`);
  return { definition: def as SweepDefinition, sourceHash: createHash("sha256").update(bytes).digest("hex"), module };
}
