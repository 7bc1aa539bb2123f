// The shape of src/: stages are folders, data flows one way. Every relative import in src/
// (static, dynamic, type-only, and worker files named by URL) must point to the same folder
// or to a folder of a lower layer, and no set of files may import each other in a circle.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.ts";

const SRC = join(ROOT, "src");

/**
 * Layers from the bottom up; a folder may import only from lower layers (and itself).
 * The sweep's stages run definition → plan → sample → (evaluators) → execute → stats →
 * output; stats sits below execute because workers compute bands (and sensitivity designs
 * from sample), and the sweep folder runs the stages in order.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ["errors.ts", "packageRoot.ts"],
  ["io", "numeric"],
  ["model"],
  ["kernel", "fleet"],
  ["definition"],
  ["plan"],
  ["sample"],
  ["stats"],
  ["evaluators"],
  ["execute"],
  ["output"],
  ["sweep"],
  ["calibrate"],
  ["paper"],
  ["cli"],
  ["index.ts", "internals.ts"],
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.(ts|mjs)$/.test(e.name) ? [join(dir, e.name)] : []);
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)["'](\.{1,2}\/[^"']+)["']/g;

/** file → the src files it imports (relative specifiers only). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, "utf8");
    const targets = [...text.matchAll(SPECIFIER)].map((m) => resolve(dirname(file), m[1])).filter((t) => t.startsWith(SRC));
    graph.set(relative(SRC, file), targets.map((t) => relative(SRC, t)));
  }
  return graph;
}

const top = (file: string) => file.split("/")[0];
const layerOf = (file: string) => LAYERS.findIndex((l) => l.includes(top(file)));

describe("src/ import graph", () => {
  const graph = importGraph();

  it("reads every source file and finds the imports", () => {
    expect(graph.size).toBeGreaterThan(80);
    expect(graph.get("sweep/run.ts")).toContain("execute/pool.ts");
  });

  it("every folder belongs to a layer", () => {
    const unknown = [...graph.keys()].filter((f) => layerOf(f) < 0);
    expect(unknown).toEqual([]);
  });

  it("imports only go to the same folder or down a layer", () => {
    const upward: string[] = [];
    for (const [file, targets] of graph) {
      for (const t of targets) {
        if (top(t) !== top(file) && layerOf(t) >= layerOf(file)) upward.push(`${file} -> ${t}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it("has no import cycle", () => {
    const state = new Map<string, "open" | "done">();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === "done") return;
      if (state.get(f) === "open") {
        cycles.push([...path.slice(path.indexOf(f)), f].join(" -> "));
        return;
      }
      state.set(f, "open");
      for (const t of graph.get(f) ?? []) visit(t, [...path, f]);
      state.set(f, "done");
    };
    for (const f of graph.keys()) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
