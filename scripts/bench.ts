// `npm run bench`: every section prints its figures; ratios are taken within this one run.
import { kernelBench } from "./bench/kernel.ts";
import { fleetBench } from "./bench/fleet.ts";
import { sweepBench } from "./bench/sweep.ts";
import { studiesBench } from "./bench/studies.ts";
import { sensitivityBench } from "./bench/sensitivity.ts";

const sections: Array<[string, () => Promise<void>]> = [["single-GPU kernel", kernelBench], ["fleet sizing", fleetBench],
  ["sweep engine", sweepBench], ["referee studies", studiesBench], ["sensitivity analysis", sensitivityBench]];

for (const [name, run] of sections) {
  console.log(`\n== ${name}`);
  await run();
}
