import { badInput } from "../errors.ts";
import type { Distribution } from "../definition/index.ts";

/**
 * The smallest value a distribution can draw. A normal reaches about 8.3 sd from its mean
 * at the extreme uniforms a 53-bit draw can take (u = 2^-53).
 */
function lowestDraw(d: Distribution): number {
  switch (d.kind) {
    case "uniform":
    case "triangular":
    case "logUniform":
      return d.min;
    case "normal":
      return d.mean - 8.3 * d.sd;
    case "fixed":
      return d.value;
  }
}

/**
 * A scale multiplies a physical quantity (watts, seconds, bytes): a draw at or below zero
 * would compute negative power or time, so such a distribution is refused, e.g. plusMinus(1.2).
 */
export function checkScaleSupport(d: Distribution, where: string, field: string): void {
  const low = lowestDraw(d);
  if (low <= 0) {
    badInput(where, field, d, `a scale factor must stay positive, but this distribution draws down to ${low}`
      + (d.kind === "uniform" ? " (plusMinus(f) needs f < 1)" : ""));
  }
}

/** A sweep's name becomes its folder under results/: one plain folder name, no path. */
export function checkSweepName(name: string, where: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(name)) {
    badInput(where, "name", name, "must be a plain folder name (letters, digits, . _ -, starting with a letter or digit): it names results/<name>");
  }
}
