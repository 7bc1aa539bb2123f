// Loads a user's sweep file (.ts or .js, anywhere on disk): its default export and the
// sha256 of its bytes (workers check they load the file the coordinator planned). Inside a
// "type": "module" package a plain import() does (tsx is registered by bin/wattsweep.js
// and the worker bootstrap; vitest transforms on its own) and shares the modules already
// loaded. Elsewhere a .ts file is CommonJS to tsx and import() of it fails, so tsx's
// tsImport compiles it in its own namespace (slower: the package is loaded a second time).
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { tsImport } from "tsx/esm/api";
import { InputError } from "../errors.ts";
import type { SweepDefinition } from "./define.ts";

/** The informative line of a load error (esbuild puts the location on the line after its summary). */
function firstLine(err: unknown): string {
  const lines = (err instanceof Error ? err.message : String(err)).split("\n").map((l) => l.trim()).filter((l) => l !== "");
  return (/^Transform failed/.test(lines[0] ?? "") && lines[1] ? lines[1] : lines[0]) ?? "error";
}

/** Whether the nearest package.json above `path` declares "type": "module". */
function inModulePackage(path: string): boolean {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        return JSON.parse(readFileSync(pkg, "utf8")).type === "module";
      } catch {
        return false;
      }
    }
    if (dirname(dir) === dir) return false;
  }
}

export interface LoadedDefinition {
  definition: SweepDefinition;
  sourceHash: string;
}

export async function loadDefinition(file: string): Promise<LoadedDefinition> {
  const path = resolve(file);
  if (!existsSync(path)) throw new InputError(`${file}: no such sweep file`);
  let mod: Record<string, unknown>;
  try {
    mod = inModulePackage(path) ? await import(pathToFileURL(path).href) : await tsImport(path, import.meta.url);
  } catch (err) {
    throw new InputError(`${file}: failed to load: ${firstLine(err)}`);
  }
  // a file compiled to CommonJS comes back as { default: module.exports }
  const inner = mod.default as Record<string, unknown> | null | undefined;
  const exported = inner && typeof inner === "object" && inner.grid === undefined ? inner : mod;
  const def = exported.default ?? exported.sweep;
  if (def === undefined) throw new InputError(`${file}: no default export (export default defineSweep({...}))`);
  return { definition: def as SweepDefinition, sourceHash: createHash("sha256").update(readFileSync(path)).digest("hex") };
}
