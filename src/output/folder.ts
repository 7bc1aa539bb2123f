import { accessSync, constants, existsSync, mkdirSync } from "node:fs";
import { InputError } from "../errors.ts";

/** Creates the output folder if needed; fails with an InputError unless it is writable. Returns whether it was created. */
export function prepareOut(out: string): boolean {
  const existed = existsSync(out);
  try {
    mkdirSync(out, { recursive: true });
    accessSync(out, constants.W_OK);
  } catch (err) {
    throw new InputError(`${out}: output folder is not writable (${(err as NodeJS.ErrnoException).code ?? "error"})`);
  }
  return !existed;
}
