// runStudies on small study sweeps: the same sweeps give byte-identical tables, figures and
// REPORT.md (only the manifests' wall times differ), and the report states the sample counts.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { runStudies } from "../../src/paper/studies/index.ts";
import { moduleDir, studyFile, tempDir } from "./helpers.ts";

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name !== "manifest.json")
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe("runStudies", () => {
  it("is deterministic and reports its sample counts", async () => {
    const sweeps = moduleDir();
    studyFile(sweeps, "referee-power-kv", "powerKv", "powerKvSweep", "{ betas: [0, 0.1, 0.2], samples: 24 }");
    studyFile(sweeps, "referee-montecarlo", "monteCarlo", "monteCarloSweep", "{ samples: 30 }");
    studyFile(sweeps, "sampler-noise", "samplerNoise", "samplerNoiseSweep", "{ seeds: [41, 44] }");
    studyFile(sweeps, "referee-sensitivity", "sensitivity", "sensitivitySweep", "{ baseSamples: 64 }");
    studyFile(sweeps, "referee-sensitivity-alpha", "sensitivity", "alphaSensitivitySweep", "{ baseSamples: 64 }");
    const [a, b] = [tempDir(), tempDir()];
    // a small simulation in the report's Table 3 check: determinism, not accuracy, is tested here
    const first = await runStudies({ out: a, sweeps, workers: 2, desRequests: 5000 });
    await runStudies({ out: b, sweeps, workers: 1, desRequests: 5000 });
    expect(files(a)).toEqual(files(b));
    expect(files(a)).toEqual([...first.files.filter((f) => !f.endsWith("manifest.json"))].sort());
    for (const f of files(a)) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
    const report = readFileSync(join(a, "REPORT.md"), "utf8");
    expect(report).toContain("24 samples per grid point × 63 grid points = 1512 evaluations");
    expect(report).toContain("30 samples per grid point × 48 grid points = 1440 evaluations");
    expect(report).toContain("every seed 41–44 (4 seeds × 12 fleets)");
    expect(report).toContain("N = 64 base samples, 448 evaluations per grid point over k = 5 inputs");
  });
});
