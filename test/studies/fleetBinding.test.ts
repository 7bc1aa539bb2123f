// REPORT.md section 4 (what sets Table 3's GPU counts) against independent calculations,
// and the utilisation cap as an option of the referee's Monte Carlo.
import { beforeAll, describe, expect, it } from "vitest";
import { SharedPool } from "../../src/execute/pool.ts";
import { kimuraP99 } from "../../src/fleet/index.ts";
import { fleetBindingSection } from "../../src/paper/studies/fleetBinding.ts";
import { monteCarloSweep } from "../../src/paper/studies/monteCarlo.ts";
import { table3Gains, table3Rows } from "../../src/paper/table3.ts";
import { uniform } from "../../src/sweep/index.ts";

describe("REPORT.md: what sets Table 3's GPU counts", () => {
  let text = "";
  beforeAll(async () => {
    text = (await fleetBindingSection({ caps: [0.8, 0.85, 1], requests: 20_000 })).join("\n");
  });

  it("names the binding rule per pool, g_slo scanned one GPU at a time, and the counts per rule", () => {
    // azure Homo H100: start 124, cap 145, g_slo 125 (Kimura's P99 wait first within 500 ms at 125 GPUs of 16 slots)
    const homo = table3Rows({ revision: "v1", sampler: "exact", seed: 42 })[0].fleet.pools[0];
    const p99 = (g: number) => kimuraP99(g * 16, 1000, homo.muGpu / 16, homo.cv2);
    expect([p99(124) > 0.5, p99(125) <= 0.5]).toEqual([true, true]);
    expect(text).toContain("| azure H100 homo homo | 1000 | 124 | 145 | 125 | 145 (cap) | 0.847 |");
    expect(text).toMatch(/\*\*The cap sets 15 of the 20 counts, the search start 5 \(azure H100 fleetopt long, azure B200 fleetopt long, /);
    expect(text).toContain("the P99 target 0.**");
    expect(text).toContain("within the 500 ms SLO in every pool");
  });

  it("simulates the same on worker threads as on this one", async () => {
    const pool = new SharedPool(2);
    try {
      const onWorkers = await fleetBindingSection({ caps: [0.8, 0.85, 1], requests: 20_000 }, (job) => pool.simulate(job));
      expect(onWorkers.join("\n")).toBe(text);
    } finally {
      await pool.destroy();
    }
  });

  it("puts the gains at each cap beside Table 3 sized at that cap", () => {
    for (const [cap, label] of [[0.8, "0.80"], [0.85, "**0.85** (paper)"], [1, "none (P99 target alone)"]] as const) {
      const g = table3Gains(table3Rows({ revision: "v1", sampler: "exact", seed: 42, maxUtilisation: cap })).find((x) => x.workload === "azure")!;
      expect(text).toMatch(new RegExp(`\\| ${label.replace(/[*()]/g, "\\$&")} \\| azure \\| [^|]+\\| [^|]+\\| ${g.routing.H100.toFixed(2)} \\| ` +
        `${g.generation.homo.toFixed(2)} \\| ${g.combined.toFixed(2)} \\|`));
    }
    expect(text).toContain("| none (P99 target alone) | azure | 125 / 35 | 42 / 15 |");
  });
});

describe("the referee's Monte Carlo", () => {
  it("takes the utilisation cap as an uncertain input on request, and leaves it at 0.85 by default", () => {
    expect(monteCarloSweep().uncertain?.max_utilisation).toBeUndefined();
    expect(monteCarloSweep({ maxUtilisation: uniform(0.8, 0.95) }).uncertain?.max_utilisation)
      .toEqual({ target: "max_utilisation", dist: uniform(0.8, 0.95) });
  });
});
