// Compiles src/**/*.ts to dist/**/*.js, one ESM file per module (dist/ mirrors src/, so the
// paths modules find beside themselves through import.meta.url stay right, and the worker
// is its own entry), with `--types` also the declarations for the package's users.
// `npm ci` runs it with --types (the "prepare" script); bin/wattsweep.js runs `ensureBuilt`
// in a git checkout, so an edited src/ is never run from a stale dist/.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SRC = join(ROOT, "src");
const DIST = join(ROOT, "dist");
/** Written last by a build: its mtime says when dist/ was made. */
const STAMP = join(DIST, ".built");

function filesIn(dir, ending) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesIn(join(dir, e.name), ending) : e.name.endsWith(ending) ? [join(dir, e.name)] : []);
}

/**
 * Packages compiled into one file each, dist/vendor/NAME.js, which the modules import instead.
 * Their ESM builds are dozens to hundreds of small files (apache-arrow about 150), and Node
 * opens, reads and compiles a module per file: one file loads several times faster (time
 * `await import("apache-arrow")` in a fresh `node --input-type=module -e` against `await
 * import("./dist/vendor/apache-arrow.js")`); yargs is loaded by every command. Piscina stays
 * as it is: it starts its own worker script from its folder.
 */
const VENDORED = ["apache-arrow", "hyparquet-writer", "yargs"];

/**
 * yargs reads its messages' translations from its locales/ folder, found from its own file
 * (three folders up); the bundle reads the copy made beside it.
 */
const YARGS_LOCALES = { from: join(ROOT, "node_modules/yargs/locales"), to: join(DIST, "vendor/yargs-locales"), path: '"../../../locales"', bundled: '"../yargs-locales"' };

function pointYargsAtLocales(file) {
  const { path, bundled } = YARGS_LOCALES;
  const text = file.text;
  if (text.split(path).length !== 2) throw new Error(`build: expected yargs' bundle to name its locales once as ${path}; yargs changed, update scripts/build.mjs`);
  return text.replace(path, bundled);
}

/** The import of dist/vendor/NAME.js from the dist/ twin of the source file `importer`. */
function vendorImport(importer, name) {
  const from = dirname(join(DIST, relative(SRC, importer)));
  const path = relative(from, join(DIST, "vendor", `${name}.js`)).split(sep).join("/");
  return path.startsWith(".") ? path : `./${path}`;
}

/** Relative imports stay imports of the sibling module, renamed .ts → .js; packages stay imports too, vendored ones of their file. */
const perModule = {
  name: "per-module",
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => ({ path: args.path.replace(/\.ts$/, ".js"), external: true }));
    build.onResolve({ filter: /^[^./]/ }, (args) => (VENDORED.includes(args.path) ? { path: vendorImport(args.importer, args.path), external: true } : undefined));
  },
};

export async function build({ types = false } = {}) {
  const { build: esbuild } = await import("esbuild");
  const files = filesIn(SRC, ".ts");
  // a full build starts clean (no module deleted from src/ lingers); a rebuild replaces file
  // by file (rename), so another process running from dist/ never reads half a module
  if (types) rmSync(DIST, { recursive: true, force: true });
  const { outputFiles } = await esbuild({
    entryPoints: files, outdir: DIST, outbase: SRC, bundle: true, packages: "external", plugins: [perModule],
    format: "esm", platform: "node", target: "node20", logLevel: "warning", write: false,
  });
  const { outputFiles: vendored } = await esbuild({
    // the packages are found from the checkout, whatever folder the CLI that rebuilds runs in
    absWorkingDir: ROOT, entryPoints: Object.fromEntries(VENDORED.map((name) => [`vendor/${name}`, name])), outdir: DIST, bundle: true,
    format: "esm", platform: "node", target: "node20", logLevel: "warning", write: false,
  });
  for (const file of [...outputFiles, ...vendored]) {
    const { path } = file;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(`${path}.${process.pid}.tmp`, path === join(DIST, "vendor/yargs.js") ? pointYargsAtLocales(file) : file.contents);
    renameSync(`${path}.${process.pid}.tmp`, path);
  }
  cpSync(YARGS_LOCALES.from, YARGS_LOCALES.to, { recursive: true });
  if (types) {
    execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json")], { stdio: "inherit" });
    // tsc keeps the source's "./x.ts" in declarations; the files beside them are x.d.ts / x.js
    for (const file of filesIn(DIST, ".d.ts")) {
      writeFileSync(file, readFileSync(file, "utf8").replace(/((?:from|import)\s*\(?\s*)(["'])(\.\.?\/[^"']*)\.ts\2/g, "$1$2$3.js$2"));
    }
  }
  writeFileSync(STAMP, "");
}

/** Whether a file under src/ changed after dist/ was built (a git checkout being edited). */
function stale() {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  const newer = (dir) => readdirSync(dir, { withFileTypes: true }).some((e) =>
    e.isDirectory() ? newer(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs > built);
  return newer(SRC);
}

/** Rebuilds dist/ (JavaScript only) when src/ is newer; a no-op in an installed package (no src/). */
export async function ensureBuilt() {
  if (existsSync(SRC) && stale()) await build();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await build({ types: process.argv.includes("--types") });
