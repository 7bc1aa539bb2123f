import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";
import { fitPowerCurve, powerPointsOf, ROLES } from "../../src/calibrate/index.ts";
import { readMeasuredCsv } from "../../src/io/csvRead.ts";
import { loadProfileFile } from "../../src/model/index.ts";
import { cli as runInProcess } from "../helpers.ts";
import { b200Files } from "./b200Files.ts";
import { checkWellFormed } from "./wellFormed.ts";

const FIX = new URL("../fixtures/measurements/", import.meta.url).pathname;
const POWER = join(FIX, "synthetic-h100-power-vs-batch.csv");
const SWEEP = join(FIX, "synthetic-h100-context-sweep.csv");
const BAND_SWEEP = new URL("./b200-band.sweep.ts", import.meta.url).pathname;
const SWEEP_COLUMNS = "power=per_gpu_power_w,context=context_tokens,tok_s=decode_tok_s";

const cli = (...args: string[]) => runInProcess(args);

const dir = mkdtempSync(join(tmpdir(), "wattsweep-cli-"));

describe("wattsweep calibrate", () => {
  it("fits the synthetic files and writes a profile that validate accepts", async () => {
    const out = join(dir, "h100.json");
    const r = await cli("calibrate", "--power", POWER, "--throughput", SWEEP, "--columns", `batch=batch,${SWEEP_COLUMNS}`,
      "--base", "h100-80gb", "--fix", "W=0.004", "--out", out);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/P_idle\s+304\.36\s+2\.65\s+W/);
    expect(r.stdout).toMatch(/kvBlocks: every measured n_max holds for kvBlocks in \[65536, 65663\]/);
    const p = loadProfileFile(out);
    const lib = fitPowerCurve(powerPointsOf(await readMeasuredCsv(POWER, [ROLES.batch, ROLES.power], { power: "per_gpu_power_w" })));
    expect(p.power).toEqual(lib.power);
    expect(p).toMatchObject({ name: "H100-80GB-calibrated", W: 0.004, kvBlocks: 65536, maxSlots: 256, chunk: 1024 });
    expect(p.H).toBeCloseTo(0.00032, 5);

    const v = await cli("validate", "--profile", out, "--measured", SWEEP, "--columns", SWEEP_COLUMNS);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/coverage 14\/14 = 100\.0% inside the band .*; no misses; largest error/);
    // --json: the same comparison as one object on stdout, whatever the file's shape
    const j = await cli("validate", "--profile", out, "--measured", SWEEP, "--columns", SWEEP_COLUMNS, "--json");
    expect([j.code, j.stderr]).toEqual([0, ""]);
    const doc = JSON.parse(j.stdout);
    expect(doc).toMatchObject({ profile: "H100-80GB-calibrated", coverage: { inside: 14, total: 14, coverage: 1 }, files: [] });
    expect(doc.points).toHaveLength(14);
    for (const q of doc.points) expect(q.band_lo <= q.measured && q.measured <= q.band_hi && q.inside).toBe(true);
    const power = JSON.parse((await cli("validate", "--profile", "h100-80gb", "--measured", POWER, "--columns", "power=per_gpu_power_w", "--json")).stdout);
    expect(power.points.every((q: { quantity: string; unit: string; context: unknown }) => q.quantity === "power_w" && q.unit === "W" && q.context === null)).toBe(true);

    const prof = await cli("profile", "--profile", out, "--ctx", "8K");
    expect(prof.code).toBe(0);
    expect(prof.stdout).toMatch(/^profile H100-80GB-calibrated: W 4\.0000 ms/);
  });

  it("refuses to write a profile when the sweep cannot separate W and H, and writes nothing", async () => {
    const out = join(dir, "degenerate.json");
    const r = await cli("calibrate", "--power", POWER, "--throughput", SWEEP, "--columns", SWEEP_COLUMNS, "--base", "h100-80gb", "--out", out);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/only W \+ 64·H = 0\.02451 ± 0\.000191 s/);
    expect(r.stderr).toMatch(/^wattsweep: .*synthetic-h100-context-sweep\.csv: W and H are not separately identifiable .*--fix W=SECONDS/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });
});

describe("wattsweep validate", () => {
  it("reports coverage and worst miss of the v1 projected B200, and writes CSV, Arrow and SVG", async () => {
    const files = b200Files();
    const out = join(dir, "b200");
    const r = await cli("validate", "--profile", "b200-projected", "--measured", files.sweep, "--columns", SWEEP_COLUMNS, "--out", out);
    expect(r.code).toBe(0);
    const summary = r.stdout.split("\n").find((l) => l.startsWith("coverage"))!;
    expect(summary).toMatch(/^coverage \d+\/14 = [\d.]+% inside the band \(power ±20\.0%, throughput ±20\.0%\); worst miss: power_w at context \d+, n \d+ \(line \d+\): .* below the band$/);
    expect(readdirSync(out).sort()).toEqual(["validate-power.svg", "validate-throughput.svg", "validate.arrow", "validate.csv", "validate.parquet"]);
    const csv = readFileSync(join(out, "validate.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("line,quantity,batch,context,measured,model,band_lo,band_hi,rel_err,inside");
    expect(csv).toHaveLength(15);
    const arrow = pl.readIPC(readFileSync(join(out, "validate.arrow")));
    expect(arrow.height).toBe(14);
    const inside = arrow.getColumn("inside").toArray().map(Number).reduce((a: number, b: number) => a + b, 0);
    expect(summary).toContain(`coverage ${inside}/14`);
    for (const f of ["validate-power.svg", "validate-throughput.svg"]) checkWellFormed(readFileSync(join(out, f), "utf8"));
  });

  it("takes the band from a sweep file with --band-sweep", async () => {
    const files = b200Files();
    const r = await cli("validate", "--profile", "b200-projected", "--measured", files.sweep, "--columns", SWEEP_COLUMNS,
      "--band-sweep", BAND_SWEEP);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/coverage \d+\/14 = [\d.]+% inside the band \(p5…p95 of sweep .*b200-band\.sweep\.ts\); worst miss: power_w/);
  });
});

describe("bad input: one line on stderr, exit code 2", () => {
  const bad = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const cases: Array<[string, () => string[], RegExp]> = [
    ["missing columns", () => ["calibrate", "--power", SWEEP], /missing columns "batch" .*"power" .*the header has "context_tokens"/],
    ["a non-numeric cell", () => ["calibrate", "--power", bad("nan.csv", "batch,watts\n1,300\n2,n/a\n"), "--columns", "power=watts"],
      /nan\.csv: line 3, column "watts" = "n\/a": not a number/],
    ["negative power", () => ["validate", "--profile", "h100-80gb", "--measured", bad("neg.csv", "batch,power\n1,-300\n")],
      /neg\.csv: line 2, column "power" = -300: negative/],
    ["negative batch", () => ["calibrate", "--power", bad("negb.csv", "batch,power\n-1,300\n")], /negb\.csv: line 2, column "batch" = -1: negative/],
    ["a file that is not CSV", () => ["validate", "--profile", "h100-80gb", "--measured", join(FIX, "../reference-v1.json")],
      /reference-v1\.json: not a CSV file \(looks like JSON\)/],
    ["too few batch sizes", () => ["calibrate", "--power", bad("few.csv", "batch,power\n1,300\n1,301\n8,400\n64,560\n")],
      /few\.csv: the power fit needs at least 4 distinct batch sizes .*got 3: 1, 8, 64/],
    ["an unknown profile", () => ["validate", "--profile", "b300", "--measured", POWER], /unknown profile "b300"; valid: .*; or give a profile JSON file/],
    ["a broken profile file", () => ["validate", "--profile", bad("p.json", '{"format": "wattsweep-profile", "version": 1, "name": "x"}'), "--measured", POWER],
      /p\.json: W = \(missing\): required field is missing/],
    ["a sweep band for a power-vs-batch file", () => ["validate", "--profile", "b200-projected", "--measured", POWER, "--columns", "power=per_gpu_power_w", "--band-sweep", BAND_SWEEP],
      /--band-sweep .*: sweep bands are per context window at n_max; they need a context-sweep measurement file/],
    ["an uncertainty out of range", () => ["validate", "--profile", "h100-80gb", "--measured", POWER, "--columns", "power=per_gpu_power_w", "--power-uncertainty", "1.5"],
      /--power-uncertainty = 1.5: must be a fraction/],
  ];
  for (const [what, args, re] of cases) {
    it(what, async () => {
      const r = await cli(...args());
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    });
  }
});
