// Runs the bench's sections in order, each printing its human-readable lines, and gathers
// their figures into the report's object.
import { availableParallelism } from "node:os";
import { badInput } from "../../src/errors.ts";
import { desBench } from "./des.ts";
import { fleetBench } from "./fleet.ts";
import { haveCompiler } from "./native.ts";
import { kernelBench } from "./kernel.ts";
import { haveNumpy } from "./numpy.ts";
import type { BenchOptions, Figures } from "./options.ts";
import { requiredKeys, withRatios, type Availability } from "./report.ts";
import { sensitivityBench } from "./sensitivity.ts";
import { startupBench } from "./startup.ts";
import { studiesBench } from "./studies.ts";
import { sweepBench } from "./sweep.ts";

export type Section = [name: string, run: (o: BenchOptions) => Promise<Figures>];

export const SECTIONS: readonly Section[] = [
  ["single-GPU kernel", kernelBench],
  ["fleet sizing", fleetBench],
  ["discrete-event check", desBench],
  ["startup", startupBench],
  ["sweep engine", sweepBench],
  ["sensitivity analysis", sensitivityBench],
  ["referee studies", studiesBench],
];

/** Every section's figures and the goals' ratios, and the keys the report must hold on this machine. */
export async function collectFigures(o: BenchOptions, sections: readonly Section[] = SECTIONS,
  have: Availability = { native: haveCompiler(), numpy: haveNumpy() }): Promise<{ figures: Figures; required: string[] }> {
  const chosen = o.only === undefined ? sections : sections.filter(([name]) => name.toLowerCase().includes(o.only!.toLowerCase()));
  if (chosen.length === 0) {
    badInput("npm run bench", "--only", o.only, `matches no section; sections: ${sections.map(([name]) => name).join(", ")}`);
  }
  const required = o.only === undefined ? requiredKeys(o.workers, have) : [];
  let figures: Figures = { cores: availableParallelism(), ...(o.quick ? { quick: 1 } : {}) };
  for (const [name, run] of chosen) {
    console.log(`\n== ${name}`);
    figures = { ...figures, ...(await run(o)) };
  }
  return { figures: withRatios(figures), required };
}
