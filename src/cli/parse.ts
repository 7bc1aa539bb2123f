import { badInput } from "../errors.ts";

/** Parses "2048,8K,128K" (K = 1024 tokens) into positive integer context windows. */
export function parseContexts(flag: string, text: string): number[] {
  return text.split(",").map((item) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([kK]?)\s*$/.exec(item);
    const value = m ? Number(m[1]) * (m[2] ? 1024 : 1) : Number(item);
    if (!Number.isInteger(value) || value <= 0) badInput(flag, "context", item.trim(), "must be a positive whole number of tokens (e.g. 8192 or 8K)");
    return value;
  });
}
