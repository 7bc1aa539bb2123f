// points.arrow streams: peak memory must not grow with the number of samples written.
// (10 million samples stay under 600 MB; measured by hand, see the report. Here 0.4M vs 2.4M.)
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, sweepFile, table1Body, tempDir } from "./helpers.ts";

function peakMb(samples: number, dir: string, betas = 40): { rss: number; bytes: number } {
  const file = sweepFile(dir, `rss${samples}`, table1Body(samples, betas));
  const out = join(dir, `out${samples}`);
  const stdout = execFileSync(process.execPath, ["--import", "tsx", join(ROOT, "test/sweep/rssChild.ts"), file, out], { cwd: ROOT, encoding: "utf8" });
  return { rss: Number(stdout.trim()), bytes: statSync(join(out, "points.arrow")).size };
}

describe("memory", () => {
  it("peak RSS stays flat while points.arrow grows sixfold", () => {
    const dir = tempDir();
    const small = peakMb(1000, dir); // 400 points × 1000 = 0.4M samples
    const large = peakMb(6000, dir); // 2.4M samples
    expect(large.bytes).toBeGreaterThan(5.5 * small.bytes);
    expect(large.rss).toBeLessThan(600);
    expect(large.rss - small.rss).toBeLessThan(0.5 * (large.bytes - small.bytes) / 2 ** 20);
  });

  it("huge sample counts per point (blocks cut into sample ranges) stream too", () => {
    const huge = peakMb(300_000, tempDir(), 1); // 10 points × 300K = 3M samples, 2-point blocks of 600K rows
    expect(huge.bytes).toBeGreaterThan(3e6 * 72);
    expect(huge.rss).toBeLessThan(600);
  });
});
