// Study 4 (Sobol' indices of the gains and of alpha) on small designs, against what the model
// implies exactly: a power factor scales tok/W at every context alike, so it cannot move
// alpha (ST = 0); beta, the only other input of the H100's alpha, carries all of its variance
// (S1 = ST = 1) and most of the B200's (whose W and H also apply); H100 fleets are sized on
// latency, so no power input moves the H100 routing gain; the report quotes the indices file.
import { describe, expect, it } from "vitest";
import { indexGroups, sensitivitySection } from "../../src/paper/studies/sensitivityResults.ts";
import { runStudySweep, studyFile, tempDir } from "./helpers.ts";

describe("the sensitivity study", () => {
  it("finds beta behind alpha, the power factor nowhere in it, and the report quotes the indices", async () => {
    const dir = tempDir();
    const alphaRun = await runStudySweep(studyFile(dir, "alpha", "sensitivity", "alphaSensitivitySweep", "{ baseSamples: 256 }"));
    const gainsRun = await runStudySweep(studyFile(dir, "gains", "sensitivity", "sensitivitySweep", "{ baseSamples: 64, workloads: ['azure'] }"));
    const alpha = indexGroups(alphaRun.indices!, alphaRun.plan);
    expect(alpha.map((g) => `${g.metric} ${g.keys.profile}`)).toEqual([
      "alpha_4k_64k h100-80gb", "alpha_4k_64k b200-projected", "alpha_2k_128k h100-80gb", "alpha_2k_128k b200-projected"]);
    for (const g of alpha) {
      const by = Object.fromEntries(g.inputs.map((x) => [x.input, x]));
      expect(g.inputs[0].input).toBe(`beta[${g.keys.profile}]`);
      for (const gpu of ["h100-80gb", "b200-projected"]) expect(by[`power_factor[${gpu}]`].st).toBeLessThan(1e-12);
      if (g.keys.profile === "h100-80gb") {
        // nothing else applies to the H100: beta is all of it
        const beta = g.inputs[0];
        expect(Math.abs(beta.st - 1)).toBeLessThan(0.02);
        expect(Math.abs(beta.s1 - 1)).toBeLessThan(0.02);
        expect(beta.s1_low).toBeLessThan(1);
        expect(beta.s1_high).toBeGreaterThan(1);
        expect(beta.st_low).toBeLessThan(1);
        expect(beta.st_high).toBeGreaterThan(1);
      }
    }
    const gains = indexGroups(gainsRun.indices!, gainsRun.plan);
    const section = sensitivitySection(
      { plan: gainsRun.plan, bands: gainsRun.bands, groups: gains, folder: "g" },
      { plan: alphaRun.plan, bands: alphaRun.bands, groups: alpha, folder: "a" }).join("\n");
    expect(section).toMatch(/\| routing_gain \| azure H100 \| — \(sd\/mean \de-\d+: no input moves it\)/);
    const combined = gains.find((g) => g.metric === "combined_gain")!;
    const top = combined.inputs[0];
    expect(section).toContain(`| combined_gain | azure | **${top.input}** | ${top.st.toFixed(3)} [${top.st_low.toFixed(3)}, ${top.st_high.toFixed(3)}] | ` +
      `${top.s1.toFixed(3)} [${top.s1_low.toFixed(3)}, ${top.s1_high.toFixed(3)}] | ${(top.st - top.s1).toFixed(3)} |`);
    expect(combined.inputs.map((x) => x.input).sort()).toEqual(["b200_h", "b200_power", "b200_w", "power_factor[b200-projected]", "power_factor[h100-80gb]"]);
  });
});
