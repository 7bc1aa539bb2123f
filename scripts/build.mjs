// Compiles src/ into dist/: the package's entry points (the public API dist/index.js, the CLI
// dist/cli.js, the worker threads' script dist/worker.js, ENTRIES) bundled by esbuild, the code they
// share split into dist/chunks/ (so each module is loaded once per thread, whichever entry
// imports it), with `--types` also the declarations for the package's users (dist/**/*.d.ts,
// by tsc, in src/'s layout). Node opens, reads and compiles one module per file: a thread of
// the package loads a few files (dist/worker.js and the chunks it imports) instead of one per
// module of src/ it reaches (worker_boot_s in docs/benchmarks.md times a thread's boot).
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
/** The chunk files the last build made, one name a line (a rebuild keeps them one generation more). */
const CHUNK_LIST = join(DIST, ".chunks");

/**
 * The entry points, dist/NAME.js: what users import, what bin/wattsweep.js runs, what piscina
 * starts in each thread, and the internals the bench drives.
 */
const ENTRIES = { index: "index.ts", cli: "cli/main.ts", worker: "execute/worker.ts", internals: "internals.ts" };

function filesIn(dir, ending) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesIn(join(dir, e.name), ending) : e.name.endsWith(ending) ? [join(dir, e.name)] : []);
}

/**
 * Packages bundled in with the code that uses them, the rest stay imports from node_modules:
 * their ESM builds are dozens to hundreds of small files (apache-arrow about 150), loaded
 * file by file otherwise; yargs is loaded by every command. Piscina stays as it is: it starts
 * its own worker script from its folder.
 */
const BUNDLED = ["apache-arrow", "flatbuffers", "yargs"];

/** Packages our modules import stay imports unless BUNDLED; what a bundled package imports is bundled with it. */
const externalPackages = {
  name: "external-packages",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (!args.importer.startsWith(SRC + sep)) return undefined;
      const name = args.path.startsWith("@") ? args.path.split("/").slice(0, 2).join("/") : args.path.split("/")[0];
      return BUNDLED.includes(name) ? undefined : { path: args.path, external: true };
    });
  },
};

/**
 * Packages of bundled packages replaced by modules of ours: string-width (what yargs' help
 * layout measures text with) builds Unicode regexes and a segmenter as it loads, on every
 * command's start; see src/cli/displayWidth.ts.
 */
const ALIASES = { "string-width": join(SRC, "cli/displayWidth.ts") };

/**
 * yargs reads its messages from LOCALE.json in its locales/ folder, found by resolving
 * "../../../locales" against its own file's path (not its folder); the output file that holds
 * yargs reads a copy made in dist/, named the same way. The CLI's locale is English
 * (src/cli/main.ts), so only en.json is copied.
 */
const YARGS_LOCALES = { from: join(ROOT, "node_modules/yargs/locales"), to: join(DIST, "yargs-locales"), path: '"../../../locales"' };

function pointYargsAtLocales(path, text) {
  const parts = text.split(YARGS_LOCALES.path);
  if (parts.length === 1) return text;
  if (parts.length !== 2) throw new Error(`build: expected yargs to name its locales once as ${YARGS_LOCALES.path}; yargs changed, update scripts/build.mjs`);
  return parts.join(JSON.stringify(relative(path, YARGS_LOCALES.to).split(sep).join("/")));
}

export async function build({ types = false } = {}) {
  const { build: esbuild } = await import("esbuild");
  // a full build starts clean (no chunk of an older build lingers); a rebuild replaces file by
  // file (rename), so another process running from dist/ never reads half a file, and keeps the
  // chunks of the build before it that it no longer makes (named by hashes of their contents): a
  // process started before it may still load them (the table writers load late); older ones go
  if (types) rmSync(DIST, { recursive: true, force: true });
  const { outputFiles } = await esbuild({
    // packages are found from the checkout, whatever folder the CLI that rebuilds runs in
    absWorkingDir: ROOT, entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, join(SRC, file)])),
    outdir: DIST, bundle: true, splitting: true, chunkNames: "chunks/[name]-[hash]", plugins: [externalPackages], alias: ALIASES,
    format: "esm", platform: "node", target: "node20", logLevel: "warning", write: false,
  });
  const outputs = outputFiles.map((f) => ({ path: f.path, text: pointYargsAtLocales(f.path, f.text), chunk: f.path.startsWith(join(DIST, "chunks") + sep) }));
  const locales = outputs.filter((o, i) => o.text !== outputFiles[i].text).length;
  if (locales !== 1) throw new Error(`build: expected one output file to hold yargs' locales path, found ${locales}; update scripts/build.mjs`);
  // chunks before the entry points that import them, so a process starting meanwhile finds them
  for (const { path, text } of [...outputs.filter((o) => o.chunk), ...outputs.filter((o) => !o.chunk)]) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(`${path}.${process.pid}.tmp`, text);
    renameSync(`${path}.${process.pid}.tmp`, path);
  }
  const made = outputs.filter((o) => o.chunk).map((o) => relative(join(DIST, "chunks"), o.path));
  const previous = existsSync(CHUNK_LIST) ? readFileSync(CHUNK_LIST, "utf8").split("\n") : [];
  const keep = new Set([...made, ...previous]);
  // chunks only: another process building at once (parallel CLIs after an edit) has its
  // NAME.PID.tmp files here until it renames them
  for (const name of readdirSync(join(DIST, "chunks"))) if (name.endsWith(".js") && !keep.has(name)) rmSync(join(DIST, "chunks", name), { force: true });
  // replaced whole, as the outputs are: a build reading it meanwhile never finds it empty
  writeFileSync(`${CHUNK_LIST}.${process.pid}.tmp`, made.join("\n"));
  renameSync(`${CHUNK_LIST}.${process.pid}.tmp`, CHUNK_LIST);
  mkdirSync(YARGS_LOCALES.to, { recursive: true });
  const locale = join(YARGS_LOCALES.to, "en.json");
  cpSync(join(YARGS_LOCALES.from, "en.json"), `${locale}.${process.pid}.tmp`);
  renameSync(`${locale}.${process.pid}.tmp`, locale);
  if (types) {
    execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json")], { stdio: "inherit" });
    // tsc keeps the source's "./x.ts" in declarations; the files beside them are x.d.ts
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
