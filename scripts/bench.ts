// `npm run bench`: every section prints its figures; ratios are taken within this one run.
import { kernelBench } from "./bench/kernel.ts";
import { fleetBench } from "./bench/fleet.ts";
import { desBench } from "./bench/des.ts";
import { sweepBench } from "./bench/sweep.ts";
import { studiesBench } from "./bench/studies.ts";

const sections: Array<[string, () => Promise<void>]> = [["single-GPU kernel", kernelBench], ["fleet sizing", fleetBench],
  ["discrete-event check", desBench], ["sweep engine", sweepBench], ["referee studies", studiesBench]];

for (const [name, run] of sections) {
  console.log(`\n== ${name}`);
  await run();
}
