// The referee's studies as `npm run paper` runs them (five sweeps and section 4's simulations
// at once on one shared pool, summary tables, figures, REPORT.md): wall time per study (they
// overlap) and in total, beside the goal of 10 s for the whole paper command (the
// paper's own tables come on top); run here from src/, so the workers also boot the TypeScript loader. paper_s: the whole
// `npm run paper` as a user runs it (the built dist/, a fresh process). Not in --quick.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runStudies } from "../../src/paper/studies/index.ts";
import { CLI, type BenchOptions, type Figures } from "./options.ts";


export async function studiesBench(o: BenchOptions): Promise<Figures> {
  if (o.quick) {
    console.log("skipped in --quick");
    return {};
  }
  const out = mkdtempSync(join(tmpdir(), "wattsweep-studies-bench-"));
  try {
    const t0 = performance.now();
    const { seconds } = await runStudies({ out });
    const total = (performance.now() - t0) / 1000;
    const figures: Figures = { studies_s: total };
    for (const [name, s] of Object.entries(seconds)) {
      console.log(`${name}: ${s.toFixed(2)} s (its sweep, from plan to files, beside the others)`);
      figures[`study_${name.replaceAll("-", "_")}_s`] = s;
    }
    console.log(`all the studies with their summary tables, figures and REPORT.md: ${total.toFixed(2)} s (goal for npm run paper, the paper's tables included: <= 10 s)`);
    const t1 = performance.now();
    const paper = spawnSync(process.execPath, [CLI, "paper", "--out", join(out, "paper")], { encoding: "utf8" });
    if (paper.status !== 0) throw new Error(`wattsweep paper exited with ${paper.status}: ${paper.stderr}`);
    figures.paper_s = (performance.now() - t1) / 1000;
    console.log(`npm run paper (node bin/wattsweep.js paper, a fresh process): ${figures.paper_s.toFixed(2)} s`);
    return figures;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
