// Compiles a user's sweep file (.ts or .js, anywhere on disk) once, in the coordinator, into
// one plain ES module that every worker imports as it is (no TypeScript loader in workers).
// The module is written to a temporary folder of the process (removed when it exits), never
// beside the user's file, so it must resolve on its own: the user's local files are bundled
// in, each keeping its own import.meta.url; packages and this package's files stay imports,
// by absolute URL; "wattsweep" means this installation, whatever folder the file is in.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, extname, join, relative, resolve, sep } from "node:path";
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Message, Plugin } from "esbuild";
import { packagePath, RUNNING_SOURCE } from "../packageRoot.ts";

/** The package's entry in the running tree: what `import ... from "wattsweep"` gets. */
export const SELF = pathToFileURL(packagePath(RUNNING_SOURCE ? "src/index.ts" : "dist/index.js")).href;

const LOADERS: Record<string, "ts" | "tsx" | "js" | "jsx"> = { ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx", ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "jsx" };
const RESOLVING = Symbol("resolving");

/**
 * A file of this package (src/ or dist/, as a test's sweep file may import it by path) as the
 * same module in the running tree, so a sweep file never loads a second copy of the package:
 * from src/, its twin there; built, dist/ is bundled into a few files, so the package's entry.
 */
function ownModule(path: string): string | null {
  for (const tree of ["src", "dist"]) {
    const rel = relative(packagePath(tree), path);
    if (rel.startsWith("..") || rel.startsWith(sep)) continue;
    return RUNNING_SOURCE ? packagePath("src", rel.replace(/\.(d\.ts|ts|js)$/, "") + ".ts") : fileURLToPath(SELF);
  }
  return null;
}

let esbuildApi: typeof import("esbuild") | null = null;

/**
 * esbuild's API, loaded on first use: it is CommonJS, so required (import() would first scan
 * the file for its exports), on every run's path to its first chunk.
 */
function esbuild(): typeof import("esbuild") {
  return (esbuildApi ??= createRequire(import.meta.url)("esbuild") as typeof import("esbuild"));
}

function plugin(entry: string, entryBytes: Buffer): Plugin {
  return {
    name: "sweep-file",
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === "entry-point" || args.pluginData === RESOLVING) return undefined;
        if (args.path === "wattsweep") return { path: SELF, external: true };
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: RESOLVING });
        if (found.errors.length > 0 || found.external) return found.errors.length > 0 ? { errors: found.errors } : found;
        const own = ownModule(found.path);
        if (own !== null) return { path: pathToFileURL(own).href, external: true };
        if (found.path.split(sep).includes("node_modules")) return { path: pathToFileURL(found.path).href, external: true };
        return found;
      });
      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        const loader = LOADERS[extname(args.path)];
        if (loader === undefined) return undefined;
        const source = args.path === entry ? entryBytes : await readFile(args.path);
        // import.meta of a bundled file is its own, not the bundle's
        const url = pathToFileURL(args.path).href;
        const define = { "import.meta.url": JSON.stringify(url), "import.meta.filename": JSON.stringify(args.path), "import.meta.dirname": JSON.stringify(dirname(args.path)) };
        try {
          const { code } = await esbuild().transform(source, { loader, define, sourcefile: args.path });
          return { contents: code, loader: "js" };
        } catch (err) {
          // a syntax error, reported by the build with its file:line:column
          return { errors: (err as { errors?: [] }).errors ?? [{ text: String(err) }] };
        }
      });
    },
  };
}

/** The sweep file at `path`, whose bytes are `bytes`, as one ES module's source text. */
export async function compileSweepFile(path: string, bytes: Buffer): Promise<string> {
  let out;
  try {
    out = await esbuild().build({
      entryPoints: [path], bundle: true, write: false, format: "esm", platform: "node", target: "node20",
      plugins: [plugin(path, bytes)], logLevel: "silent",
    });
  } catch (err) {
    // the first error as one line: absolute-file:line:column: ERROR: text
    const first = (err as { errors?: Message[] }).errors?.[0];
    if (first === undefined) throw err;
    const at = first.location ? `${resolve(first.location.file)}:${first.location.line}:${first.location.column}: ` : "";
    throw new Error(`${at}ERROR: ${first.text}`);
  }
  // stack traces name the user's file, not the compiled one
  return `${out.outputFiles[0].text}\n//# sourceURL=${pathToFileURL(path).href}\n`;
}

let folder: string | null = null;

/**
 * Writes the compiled `code` of the sweep file at `path` and returns the file's URL, which
 * any thread of this process imports. Named by the code's hash: a file loaded again unchanged
 * is the same module, a changed one a new module.
 */
export function writeModule(path: string, code: string): string {
  if (folder === null) {
    const made = mkdtempSync(join(tmpdir(), "wattsweep-sweep-"));
    process.once("exit", () => rmSync(made, { recursive: true, force: true }));
    folder = made;
  }
  const file = join(folder, `${basename(path)}.${createHash("sha256").update(code).digest("hex").slice(0, 16)}.mjs`);
  writeFileSync(file, code);
  return pathToFileURL(file).href;
}
