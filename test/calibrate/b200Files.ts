import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { b200MeasuredPower, b200Profile } from "../../src/model/index.ts";
import { powerCsv, sweepCsv } from "./synthetic.ts";

/**
 * B200 measurement files in the shape of the synthetic H100 ones: power vs batch from the
 * v2 measured-anchor curve (2 % noise), and a context sweep at the v1 profile's n_max with
 * its W, H (3 % noise) and the anchored power. Stand-ins for hardware data, not data.
 */
export function b200Files(): { power: string; sweep: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "wattsweep-b200-"));
  const v1 = b200Profile("v1");
  const anchored = { ...v1, power: b200MeasuredPower() };
  const power = join(dir, "b200-power-vs-batch.csv");
  const sweep = join(dir, "b200-context-sweep.csv");
  writeFileSync(power, powerCsv(anchored, [1, 2, 4, 8, 16, 32, 64, 128, 256, 512], 3, 0.02, 7));
  const contexts = [2048, 4096, 8192, 16384, 32768, 65536, 131072];
  writeFileSync(sweep, sweepCsv(v1, contexts, { tokS: 0.03, power: 0.02 }, 11, anchored.power));
  return { power, sweep, dir };
}
