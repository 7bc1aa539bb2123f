import { badInput } from "../errors.ts";
import { PAPER_SAMPLER_SEED } from "../paper/index.ts";

/** Parses "2048,8K,128K" (K = 1024 tokens) into positive integer context windows. */
export function parseContexts(flag: string, text: string): number[] {
  return text.split(",").map((item) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([kK]?)\s*$/.exec(item);
    const value = m ? Number(m[1]) * (m[2] ? 1024 : 1) : NaN; // not Number(item): it reads "0x800" and "1e3"
    if (!Number.isInteger(value) || value <= 0 || value > 2 ** 24) {
      badInput(flag, "context", item.trim(), "must be a whole number of tokens from 1 to 16M (2^24, beyond any model's context), e.g. 8192 or 8K");
    }
    return value;
  });
}

/** The reference sampler's seed; the exact method draws nothing, so a seed given with it is a mistake. */
export function samplerSeed(sampler: "exact" | "reference", seed: number | undefined): number {
  if (seed === undefined) return PAPER_SAMPLER_SEED;
  if (sampler !== "reference") badInput("--seed", "seed", seed, "seeds the reference sampler only; add --sampler reference");
  if (!Number.isSafeInteger(seed) || seed < 0) badInput("--seed", "seed", seed, "must be a non-negative integer");
  return seed;
}
