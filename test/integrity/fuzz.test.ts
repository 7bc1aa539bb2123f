// Fuzzing every input surface through the CLI, in-process: random bad values for flags,
// sweep definitions, CDF and profile JSON, and measurement CSVs. Every case must end in one
// line on stderr (no stack trace), exit code 2, no file left in the output folder, and
// within CASE_MS. Each value is built to be invalid (drawn from a field's bad values or a
// valid input with one invariant broken), so exit 2 is the only right answer. Fixed seed:
// the same cases every run; a failure prints the counterexample and its path to replay.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { profileToJson, resolveProfile } from "../../src/model/index.ts";
import { cli } from "../helpers.ts";
import { moduleDir, sweepFile } from "../sweep/helpers.ts";

const SEED = 20261128;
const CASE_MS = 10_000;
const dir = moduleDir("wattsweep-fuzz-");
const out = join(dir, "out");
let fileNo = 0;

/** Runs one command line and checks the contract; throws (so fast-check shrinks) otherwise. */
async function refusedCleanly(args: string[]): Promise<void> {
  rmSync(out, { recursive: true, force: true }); // a failed case may have left files
  mkdirSync(out);
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`hang: ${JSON.stringify(args)}`)), CASE_MS).unref());
  const r = await Promise.race([cli(args), timeout]);
  const lines = r.stderr.trimEnd().split("\n");
  if (r.code !== 2 || lines.length !== 1 || !lines[0].startsWith("wattsweep: ") || /internal error/.test(r.stderr)) {
    throw new Error(`${JSON.stringify(args)} → exit ${r.code}: ${r.stderr.slice(0, 400)}`);
  }
  const left = readdirSync(out).concat(readdirSync(dir).filter((f) => f.startsWith(".out") || f.startsWith("out.")));
  if (left.length > 0) throw new Error(`${JSON.stringify(args)} left ${left.join(", ")}`);
  rmSync(out, { recursive: true, force: true });
}

function file(ext: string, content: string | Uint8Array): string {
  const path = join(dir, `case-${fileNo++}.${ext}`);
  writeFileSync(path, content);
  return path;
}

const run = (n: number) => ({ seed: SEED, numRuns: n, endOnFailure: true });

// ---- values no integer flag accepts
const badInteger = fc.oneof(
  fc.constantFrom("", " ", "0x10", "1e3", "NaN", "Infinity", "-Infinity", "1e400", "１", "--", "true", "null", "1,2", "9007199254740993"),
  fc.double({ noNaN: true }).filter((x) => !Number.isInteger(x)).map(String),
  fc.integer({ max: -1 }).map(String),
  fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/^\s*[-+]?\d+\s*$/.test(s)),
);
const goodSweep = sweepFile(dir, "good", `export default w.defineSweep({
  name: "fuzz", grid: { ctx: [2048, 4096], gpu: w.profiles("h100-80gb") },
  uncertain: { power_band: { target: "power_scale", dist: w.plusMinus(0.2) } }, samples: 4,
});`);

describe("fuzz: CLI flags", () => {
  it("integer flags of run, describe, profile, fleet and paper", async () => {
    const flagCase = fc.oneof(
      fc.tuple(fc.constantFrom("--workers", "--chunk", "--seed"), badInteger).map(([f, v]) => ["run", goodSweep, `${f}=${v}`, "--out", out]),
      fc.tuple(fc.constantFrom("--workers", "--chunk"), badInteger).map(([f, v]) => ["describe", goodSweep, `${f}=${v}`]),
      fc.integer({ min: 1000, max: 1e9 }).map((w) => ["run", goodSweep, "--workers", String(w), "--out", out]),
      fc.tuple(fc.constantFrom("--tp", "--mean-ctx"), badInteger).map(([f, v]) => ["profile", `${f}=${v}`, "--out", out]),
      badInteger.map((v) => ["profile", `--ctx=${v}`, "--out", out]),
      fc.tuple(fc.constantFrom("--seed", "--requests"), badInteger).map(([f, v]) => ["fleet", "--cdf", "azure", `${f}=${v}`]),
      badInteger.map((v) => ["paper", "--tables", "1", "--sampler", "reference", `--seed=${v}`, "--out", out]),
      fc.string({ minLength: 1, maxLength: 10 }).filter((s) => !/^\s*\d+\s*\/\s*\d+\s*$/.test(s))
        .map((s) => ["run", goodSweep, `--shard=${s}`, "--out", out]),
    );
    await fc.assert(fc.asyncProperty(flagCase, refusedCleanly), run(200));
  });

  it("names of GPUs, models, dtypes, workloads and topologies", async () => {
    const name = fc.string({ minLength: 1, maxLength: 16 }).map((s) => `zz${s}`);
    const nameCase = fc.oneof(
      name.map((n) => ["profile", `--gpu=${n}`, "--out", out]),
      name.map((n) => ["profile", `--model=${n}`, "--out", out]),
      name.map((n) => ["profile", `--dtype=${n}`, "--out", out]),
      name.map((n) => ["profile", `--profile=${n}`, "--out", out]),
      name.map((n) => ["fleet", `--cdf=${n}`]),
      name.map((n) => ["fleet", "--cdf", "azure", `--gpu=${n}`]),
      name.map((n) => ["calibrate", "--power", join(dir, n)]),
    );
    await fc.assert(fc.asyncProperty(nameCase, refusedCleanly), run(150));
  });
});

// ---- sweep definitions: a valid sweep with one field replaced by a bad value
const FIELD_BAD: Record<string, fc.Arbitrary<string>> = {
  name: fc.constantFrom('""', '"../../etc"', '"/tmp/x"', '"a/b"', "5", "null", '"."', '".."', `"${"x".repeat(300)}"`),
  samples: fc.constantFrom("0", "-1", "1.5", "NaN", "Infinity", "2 ** 31", '"10"'), // null means the default, like undefined
  seed: fc.constantFrom("-1", "1.5", "NaN", '"7"', "2 ** 60", "Infinity"),
  method: fc.string({ maxLength: 8 }).map((s) => JSON.stringify(`zz${s}`)),
  ctx: fc.constantFrom("[]", "[0]", "[-2048]", "[NaN]", "[2048.5]", "[2 ** 30]", '"2048"', "[2048, 2048]", "[Infinity]", "null", "{}"),
  gpu: fc.string({ minLength: 1, maxLength: 10 }).map((s) => `w.profiles(${JSON.stringify(`zz${s}`)})`),
  dist: fc.oneof(
    fc.double({ min: 1, max: 1e6, noNaN: true }).map((f) => `w.plusMinus(${f})`),
    fc.tuple(fc.double({ min: 0.5, max: 2, noNaN: true }), fc.double({ min: 1e-3, max: 1, noNaN: true })).map(([hi, d]) => `w.uniform(${hi + d}, ${hi})`),
    fc.double({ min: 0.13, max: 10, noNaN: true }).map((sd) => `w.normal(1, ${sd})`),
    fc.double({ min: -10, max: -1e-9, noNaN: true }).map((sd) => `w.normal(1, ${sd})`),
    fc.constantFrom("w.logUniform(0, 1)", "w.triangular(0.9, 2, 1.1)", "w.uniform(NaN, 1)", "w.uniform(-1, 1)", '{ kind: "weird" }', "null", "w.fixed(0)", "w.fixed(-1)"),
  ),
  target: fc.string({ minLength: 1, maxLength: 10 }).map((s) => JSON.stringify(`zz${s}`)),
  extra: fc.string({ minLength: 1, maxLength: 10 }).map((s) => `${JSON.stringify(`zz${s}`)}: 1,`),
};

function mutatedSweep(field: string, bad: string): string {
  const v = (f: string, good: string) => (f === field ? bad : good);
  return `export default w.defineSweep({
  ${field === "extra" ? bad : ""}
  name: ${v("name", '"fuzz"')}, grid: { ctx: ${v("ctx", "[2048, 4096]")}, gpu: ${v("gpu", 'w.profiles("h100-80gb")')} },
  uncertain: { power_band: { target: ${v("target", '"power_scale"')}, dist: ${v("dist", "w.plusMinus(0.2)")} } },
  samples: ${v("samples", "4")}, seed: ${v("seed", "1")}, method: ${v("method", '"monteCarlo"')},
} as never);`;
}

describe("fuzz: sweep definitions", () => {
  it("the unmutated sweep is valid (so a refusal is the mutation's doing)", async () => {
    const r = await cli(["describe", sweepFile(dir, "unmutated", mutatedSweep("none", ""))]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("run and describe refuse a sweep with one bad field", async () => {
    const sweepCase = fc.constantFrom(...Object.keys(FIELD_BAD)).chain((field) =>
      fc.tuple(fc.constant(field), FIELD_BAD[field], fc.constantFrom("run", "describe")));
    await fc.assert(fc.asyncProperty(sweepCase, async ([field, bad, command]) => {
      const path = sweepFile(dir, `s${fileNo++}`, mutatedSweep(field, bad));
      await refusedCleanly(command === "run" ? ["run", path, "--workers", "1", "--out", out] : ["describe", path]);
    }), run(100));
  });
});

// ---- files: CDF JSON, profile JSON, measurement CSV
const GOOD_CDF: [number, number][] = [[100, 0.2], [1000, 0.6], [8000, 1]];
const badCdf = fc.oneof(
  fc.constantFrom("", "{", "[", "null", "{}", "[]", '"azure"', "[[1]]", "[[1, 2, 3]]", '[["100", 1]]', "[[100, null]]", "\u0000\u0001"),
  fc.string({ maxLength: 30 }).filter((s) => !/^\s*\[\s*\[/.test(s)),
  fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 1 }),
    fc.oneof(fc.constantFrom(-1, 0, 1.5, 1e12, 2, -0.5, 1.0000001), fc.double({ min: -1e9, max: -1e-9, noNaN: true })))
    .filter(([i, j, bad]) => !(i === 0 && j === 1 && bad === 0)) // a first fraction of 0 is valid
    .map(([i, j, bad]) => {
      const pairs = GOOD_CDF.map((p) => [...p]);
      pairs[i][j] = j === 0 && bad === 2 ? 2.5 : bad; // tokens 2 would be valid at i = 0
      return JSON.stringify(pairs);
    })
    .filter((text) => text !== JSON.stringify(GOOD_CDF)),
  fc.constantFrom(JSON.stringify([[100, 0.5], [200, 0.9]]), JSON.stringify([[200, 0.5], [100, 1]]), JSON.stringify([[100, 0.6], [200, 0.5], [300, 1]])),
);

const PROFILE = JSON.parse(profileToJson(resolveProfile("h100-80gb"))) as Record<string, unknown>;
/** Paths to every number in the profile JSON. */
function numberPaths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof v === "number") return [at];
  if (Array.isArray(v)) return v.flatMap((x, i) => numberPaths(x, [...at, i]));
  if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => numberPaths(x, [...at, k]));
  return [];
}
const PROFILE_NUMBERS = numberPaths(PROFILE);
const badProfile = fc.oneof(
  fc.tuple(fc.constantFrom(...PROFILE_NUMBERS), fc.constantFrom<unknown>(null, "abc", [], {}, true, "NaN", "1e400", -1e308))
    .map(([path, bad]) => {
      const doc = structuredClone(PROFILE) as Record<string | number, unknown>;
      let o = doc as Record<string | number, unknown>;
      for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
      o[path.at(-1)!] = bad;
      return JSON.stringify(doc);
    }),
  fc.constantFrom("", "{", "[]", "null", "{}", JSON.stringify({ ...PROFILE, format: "zz" })),
);

const GOOD_ROWS = [[1, 300], [2, 320], [4, 350], [8, 400], [16, 450], [32, 500]];
const GOOD_CSV = `batch,power\n${GOOD_ROWS.map((r) => r.join(",")).join("\n")}\n`;
const badCell = fc.oneof(
  fc.constantFrom("", "abc", "-1", "0x10", "1e400", "NaN", "Infinity", "-0.5", "1_000", "١٢"),
  fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(s) && !/[",\r\n]/.test(s)),
);
const badCsv = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 1 }), badCell).map(([row, col, cell]) => {
    const rows = GOOD_ROWS.map((r) => r.map(String));
    rows[row][col] = cell;
    return `batch,power\n${rows.map((r) => r.join(",")).join("\n")}\n`;
  }),
  fc.constantFrom("", "\n\n", "batch,power\n", "batch,batch\n1,300\n", "batch,power\n1,300,5\n", 'batch,power\n1,"300\n',
    '{"batch": [1]}', "batch\n1\n", "\u0089PNG\r\n\u001a\n\u0000\u0000"),
);

describe("fuzz: files", () => {
  it("the unmutated CDF, profile and CSV are valid (so a refusal is the mutation's doing)", async () => {
    for (const args of [["fleet", "--cdf", file("json", JSON.stringify(GOOD_CDF))], ["profile", "--profile", file("json", JSON.stringify(PROFILE))],
      ["calibrate", "--power", file("csv", GOOD_CSV)]]) {
      const r = await cli(args);
      expect(r.stderr, args.join(" ")).toBe("");
      expect(r.code).toBe(0);
    }
  });

  it("CDF JSON (fleet --cdf), profile JSON (profile --profile), measurement CSV (calibrate --power)", async () => {
    const fileCase = fc.oneof(
      badCdf.map((t) => ["fleet", "--cdf", file("json", t)]),
      badProfile.map((t) => ["profile", "--profile", file("json", t), "--out", out]),
      badCsv.map((t) => ["calibrate", "--power", file("csv", t)]),
    );
    await fc.assert(fc.asyncProperty(fileCase, refusedCleanly), run(250));
  });
});

it("the fuzz folder holds only the cases' inputs", () => {
  expect(readdirSync(dir).filter((f) => !/^(case-\d+\.\w+|s\d+\.ts|good\.ts|unmutated\.ts|package\.json)$/.test(f))).toEqual([]);
});
