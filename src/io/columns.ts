/**
 * A named column of results, with the unit that goes into CSV docs and Arrow field metadata.
 * A column may carry `valid` (1 = a value, 0 = none): a value missing by design (a
 * published digit a workload does not have) is written as null in Arrow and Parquet and as
 * an empty CSV cell. Its slot in `values` holds NaN (text: ""), so a reader of the array
 * sees no number.
 */
export type Column =
  | { name: string; unit: string; kind: "float"; values: ArrayLike<number>; valid?: Uint8Array }
  | { name: string; unit: string; kind: "int"; values: ArrayLike<number>; valid?: Uint8Array }
  | { name: string; unit: string; kind: "string"; values: ArrayLike<string>; valid?: Uint8Array };

export type ColumnTable = { columns: Column[]; length: number };

export function floatColumn(name: string, unit: string, values: ArrayLike<number>): Column {
  return { name, unit, kind: "float", values };
}

export function intColumn(name: string, unit: string, values: ArrayLike<number>): Column {
  return { name, unit, kind: "int", values };
}

export function stringColumn(name: string, values: ArrayLike<string>, unit = ""): Column {
  return { name, unit, kind: "string", values };
}

/**
 * A numeric column where null is a value missing by design. A NaN is not a missing value
 * (it is a number that went wrong) and throws, as do non-integers in an int column.
 */
export function nullableColumn(name: string, unit: string, kind: "float" | "int", values: ArrayLike<number | null>): Column {
  const out = new Float64Array(values.length);
  const valid = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null) {
      out[i] = NaN;
      continue;
    }
    if (kind === "int" ? !Number.isSafeInteger(v) : Number.isNaN(v)) {
      throw new Error(`column ${name}, row ${i}: ${v} is not ${kind === "int" ? "an integer" : "a number"} (a missing value is null)`);
    }
    out[i] = v;
    valid[i] = 1;
  }
  return { name, unit, kind, values: out, valid };
}

/** A text column where null is a value missing by design. */
export function nullableStringColumn(name: string, values: ArrayLike<string | null>, unit = ""): Column {
  const valid = Uint8Array.from(values as ArrayLike<unknown>, (v) => (v === null ? 0 : 1));
  return { name, unit, kind: "string", values: Array.from(values, (v) => v ?? ""), valid };
}

/**
 * Column `c` with other values (and validity, or none): a new object written field by field
 * as the constructors above write theirs, never `{ ...c, values }`, whose later write of
 * `values` marks that field of every column's hidden class as written after construction; the
 * optimized code of the CSV rows and the other writers, compiled on the field being set once,
 * is then thrown away and compiled again (`node --trace-generalization --trace-deopt`).
 */
export function withValues(c: Column, values: ArrayLike<number | string>, valid?: Uint8Array): Column {
  const { name, unit, kind } = c;
  return (valid === undefined ? { name, unit, kind, values } : { name, unit, kind, values, valid }) as Column;
}

/** Whether row i of a column holds a value (not null). */
export function hasValue(c: Column, i: number): boolean {
  return c.valid === undefined || c.valid[i] === 1;
}

/** Builds a table from row objects, taking each column's values by its name. */
export function tableFromRows<R extends object>(
  rows: readonly R[],
  spec: ReadonlyArray<{ name: keyof R & string; unit?: string; kind: Column["kind"] }>,
): ColumnTable {
  const columns = spec.map(({ name, unit = "", kind }): Column => {
    const values = rows.map((r) => r[name] as unknown);
    if (kind === "string") return stringColumn(name, values.map(String), unit);
    return { name, unit, kind, values: values as number[] };
  });
  return { columns, length: rows.length };
}

/**
 * The snake_case form of a camelCase name (kvBlocks → kv_blocks, W → w, p99TtftMs →
 * p99_ttft_ms): every name a sweep gives and every column of every file uses it.
 */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** True for a snake_case name: lower-case letters, digits and underscores, starting with a letter. */
export const isSnakeCase = (name: string): boolean => /^[a-z][a-z0-9_]*$/.test(name);
