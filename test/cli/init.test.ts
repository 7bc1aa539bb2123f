// `wattsweep init DIR`: the scaffold's files, and its example sweep loading and running
// through the sweep API with "wattsweep" resolved as an installed package would be (a
// node_modules/wattsweep link to this checkout, standing in for `npm install`), and tsc
// checking it through the package's "exports" with the scaffold's own tsconfig.json.
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers.ts";
import { packageNameFor } from "../../src/cli/scaffold.ts";
import { loadSweepPlan, runSweep } from "../../src/sweep/index.ts";
import { ROOT, tempDir } from "../sweep/helpers.ts";

const ownVersion = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;

/** A scaffold with wattsweep and @types/node "installed" as links to this checkout's. */
async function installedScaffold(): Promise<string> {
  const dir = join(tempDir(), "My Study");
  const r = await cli(["init", dir]);
  expect(r.code, r.stderr).toBe(0);
  mkdirSync(join(dir, "node_modules/@types"), { recursive: true });
  symlinkSync(ROOT, join(dir, "node_modules/wattsweep"), "dir");
  symlinkSync(join(ROOT, "node_modules/@types/node"), join(dir, "node_modules/@types/node"), "dir");
  return dir;
}

/**
 * tsc's errors in the folder's own files under its tsconfig.json, in process, as "line: message".
 * (Only those files are checked: wattsweep's types are checked with wattsweep, and this keeps it fast.)
 */
const parsed = new Map<string, ts.SourceFile | undefined>(); // lib, @types/node and wattsweep, parsed once
function typeErrors(dir: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(dir, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  expect(config.fileNames.map((f) => f.slice(dir.length + 1))).toEqual(["sweeps/example.ts"]);
  const host = ts.createCompilerHost(config.options);
  const read = host.getSourceFile;
  host.getSourceFile = (file, ...rest) => {
    if (config.fileNames.includes(file)) return read(file, ...rest);
    if (!parsed.has(file)) parsed.set(file, read(file, ...rest));
    return parsed.get(file);
  };
  const program = ts.createProgram(config.fileNames, config.options, host);
  return [...ts.getConfigFileParsingDiagnostics(config), ...config.fileNames.flatMap((f) => ts.getPreEmitDiagnostics(program, program.getSourceFile(f)))]
    .map((d) => `${d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

describe("wattsweep init", () => {
  it("writes package.json (type module, depends on wattsweep), tsconfig.json and an example sweep that loads and runs", async () => {
    const dir = await installedScaffold();
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    expect(pkg).toMatchObject({ name: "my-study", type: "module", dependencies: { wattsweep: `^${ownVersion}` } });
    expect(pkg.scripts.typecheck).toBe("tsc --noEmit");
    const tsconfig = JSON.parse(readFileSync(join(dir, "tsconfig.json"), "utf8"));
    expect(tsconfig.compilerOptions).toMatchObject({ module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true });
    expect(tsconfig.include).toEqual(["sweeps"]);
    expect(readFileSync(join(dir, "sweeps/example.ts"), "utf8")).toContain('from "wattsweep"');
    const plan = await loadSweepPlan(join(dir, "sweeps/example.ts"));
    expect(plan.name).toBe("example");
    expect(plan.points).toBe(5 * 2); // 4K..64K × two GPUs
    expect(plan.samples).toBe(2000);
    expect(plan.derived.map((d) => d.name)).toEqual(["b200_gain"]);
    const run = await runSweep({ file: join(dir, "sweeps/example.ts"), out: join(dir, "results/example"), workers: 1, progress: null });
    expect(run.rows).toBe(10 * 2000);
    expect(existsSync(join(dir, "results/example/bands.parquet"))).toBe(true);
  });

  it("tsc checks the example sweep against wattsweep's types: clean as written, an error when a distribution gets a string", async () => {
    const dir = await installedScaffold();
    expect(typeErrors(dir)).toEqual([]);
    const file = join(dir, "sweeps/example.ts");
    writeFileSync(file, readFileSync(file, "utf8").replace("plusMinus(0.15)", 'plusMinus("15 %")'));
    expect(typeErrors(dir)).toEqual([expect.stringContaining("not assignable to parameter of type 'number'")]);
  }, 60_000);

  it("tsc reports a misspelled target or metric of the built-in evaluator on the line of the typo", async () => {
    const dir = await installedScaffold();
    const file = join(dir, "sweeps/example.ts");
    const text = readFileSync(file, "utf8");
    const lineOf = (s: string) => text.split("\n").findIndex((l) => l.includes(s)) + 1;
    writeFileSync(file, text.replace('target: "power_scale"', 'target: "power_scal"').replace('ratio("tok_per_w"', 'ratio("tok_per_watt"'));
    expect(typeErrors(dir)).toEqual([
      expect.stringMatching(new RegExp(`^${lineOf('target: "power_scale"')}: Type '"power_scal"' is not assignable to type '"w" \\| "h" \\|`)),
      expect.stringMatching(new RegExp(`^${lineOf('ratio("tok_per_w"')}: Type .*'"tok_per_watt"' is not assignable to type '"n_max" \\| "iter_s" \\|`, "s")),
    ]);
  }, 60_000);

  it("refuses a folder that is not empty, or a file (exit 2, nothing written)", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "notes.txt"), "mine\n");
    const r = await cli(["init", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`wattsweep: init: ${dir} is not empty; name a new or empty folder\n`);
    expect(existsSync(join(dir, "package.json"))).toBe(false);
    const file = await cli(["init", join(dir, "notes.txt")]);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain("is a file");
  });

  it("package names follow npm's rules", () => {
    expect(packageNameFor("My Study")).toBe("my-study");
    expect(packageNameFor("_private")).toBe("private");
    expect(packageNameFor("Ω")).toBe("wattsweep-study");
    expect(packageNameFor("a.b-c_d")).toBe("a.b-c_d");
  });
});
