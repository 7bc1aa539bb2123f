// A profile JSON file (e.g. one `wattsweep calibrate` wrote) is a grid value like a catalog name.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MANUAL_PROFILES, singleGpuPoint, writeProfileFile, type Profile } from "../../src/model/index.ts";
import { runSweep } from "../../src/sweep/index.ts";
import { cli } from "../helpers.ts";
import { moduleDir, sweepFile, tempDir } from "./helpers.ts";

describe("profiles(...) with a profile file", () => {
  it("evaluates the file's profile, and an unreadable file fails with its name", async () => {
    const dir = moduleDir();
    const fitted: Profile = { ...MANUAL_PROFILES["h100-80gb"], name: "fitted", W: 0.005, H: 0.0003 };
    const path = join(dir, "fitted.json");
    writeProfileFile(path, fitted);
    const file = sweepFile(dir, "fitted", `export default w.defineSweep({
  name: "fitted", grid: { ctx: [8192, 32768], gpu: w.profiles(${JSON.stringify(path)}, "h100-80gb") }, samples: 1,
});`);
    const out = join(dir, "out");
    await runSweep({ file, out, workers: 1, progress: null });
    const [header, ...rows] = readFileSync(join(out, "bands.csv"), "utf8").trim().split("\n").map((l) => l.split(","));
    const col = header.indexOf("tok_per_w_mean");
    const expected = [8192, 32768].flatMap((ctx) => [singleGpuPoint(fitted, ctx), singleGpuPoint(MANUAL_PROFILES["h100-80gb"], ctx)]);
    expect(rows.map((r) => Number(r[col]))).toEqual(expected.map((e) => e.tokPerW));
    // the file's profile is shown by its name, not its path, in the files and by describe
    expect(rows.map((r) => r[header.indexOf("gpu")])).toEqual(["fitted", "h100-80gb", "fitted", "h100-80gb"]);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.dimensions[1]).toMatchObject({ values: [path, "h100-80gb"], labels: ["fitted", "h100-80gb"] });
    const described = await cli(["describe", file]);
    expect(described.stdout).toContain(`fitted (${path}), h100-80gb`);

    const missing = sweepFile(dir, "missing", `export default w.defineSweep({
  name: "missing", grid: { ctx: [8192], gpu: w.profiles(${JSON.stringify(join(dir, "nope.json"))}) },
});`);
    await expect(runSweep({ file: missing, out: join(dir, "out2"), workers: 1, progress: null })).rejects.toThrow(/nope\.json: cannot read profile/);

    // two files whose profiles share a name would be one label twice: refused
    const twin = join(dir, "twin.json");
    writeProfileFile(twin, { ...fitted, W: 0.006 });
    const twins = sweepFile(dir, "twins", `export default w.defineSweep({
  name: "twins", grid: { ctx: [8192], gpu: w.profiles(${JSON.stringify(path)}, ${JSON.stringify(twin)}) },
});`);
    await expect(runSweep({ file: twins, out: join(dir, "out3"), workers: 1, progress: null })).rejects
      .toThrow(/grid\.gpu = ".*twin\.json": its profile is named "fitted" like another of grid\.gpu's/);
  });
});
