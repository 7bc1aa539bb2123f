// The referee's studies as `npm run paper` runs them (three sweeps on all workers, summary
// tables, figures, REPORT.md): wall time per study and in total, beside the budget of 2
// minutes for the whole paper command (the paper's own tables come on top).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runStudies } from "../../src/paper/studies/index.ts";

export async function studiesBench(): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), "wattsweep-studies-bench-"));
  try {
    const t0 = performance.now();
    const { seconds } = await runStudies({ out });
    const total = (performance.now() - t0) / 1000;
    for (const [name, s] of Object.entries(seconds)) console.log(`${name}: ${s.toFixed(2)} s (sweep, workers included)`);
    console.log(`all three studies with their summary tables, figures and REPORT.md: ${total.toFixed(2)} s (budget for npm run paper: 120 s)`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
