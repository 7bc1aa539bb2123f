// Words for the report and figure labels, derived from the study definitions themselves.
import type { Distribution } from "../../sweep/index.ts";

/** "±15 % (uniform)" for a factor distribution around 1, else its parameters. */
export function describeFactor(d: Distribution): string {
  const pct = (x: number) => `${Number((x * 100).toPrecision(6))} %`;
  switch (d.kind) {
    case "uniform":
      return Math.abs(d.min + d.max - 2) < 1e-12 ? `±${pct(d.max - 1)} (uniform)` : `uniform [${d.min}, ${d.max}]`;
    case "triangular":
      return `triangular [${d.min}, ${d.mode}, ${d.max}]`;
    case "normal":
      return d.mean === 1 ? `normal, sd ${pct(d.sd)}` : `normal (${d.mean}, ${d.sd})`;
    case "logUniform":
      return `log-uniform [${d.min}, ${d.max}]`;
    case "fixed":
      return `fixed at ${d.value}`;
  }
}

/** 2048 → "2K" */
export const kTokens = (ctx: number): string => `${ctx / 1024}K`;

export const digits = (x: number, digits: number): string => x.toFixed(digits);
