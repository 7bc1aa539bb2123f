/**
 * An error in what the user gave us (a file, a flag, a sweep field). The CLI prints its
 * one-line message and exits with code 2; anything else is a bug and exits 1.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** Throws an InputError naming the field and the offending value. */
export function badInput(where: string, field: string, value: unknown, why: string): never {
  throw new InputError(`${where}: ${field} = ${formatValue(value)}: ${why}`);
}

function formatValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return String(value);
  if (value === undefined) return "(missing)";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Fails with the list of valid names when `name` is not a key of `table`. */
export function lookup<T>(table: Readonly<Record<string, T>>, name: string, what: string): T {
  const hit = table[name.toLowerCase()] ?? table[name];
  if (hit === undefined) {
    throw new InputError(`unknown ${what} ${JSON.stringify(name)}; valid: ${Object.keys(table).join(", ")}`);
  }
  return hit;
}
