import { badInput } from "../errors.ts";

/**
 * A yargs `coerce` for a flag that takes a whole number: decimal digits only. yargs' own
 * number type reads "0x10" as 16 and "1e3" as 1000 and lets "2.5" through; a count or a
 * seed written that way is more likely a slip than a wish, so it is refused.
 */
export function integerFlag(flag: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (raw: unknown): number => {
    if (Array.isArray(raw)) badInput(flag, flag.replace(/^--/, ""), raw, "given more than once");
    const text = typeof raw === "number" ? String(raw) : String(raw).trim();
    const v = /^[-+]?\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(v) || v < min || v > max) {
      badInput(flag, flag.replace(/^--/, ""), typeof raw === "number" ? raw : text, `must be a whole number from ${min} to ${max} (decimal digits)`);
    }
    return v;
  };
}
