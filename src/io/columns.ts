/** A named column of results, with the unit that goes into CSV docs and Arrow field metadata. */
export type Column =
  | { name: string; unit: string; kind: "float"; values: ArrayLike<number> }
  | { name: string; unit: string; kind: "int"; values: ArrayLike<number> }
  | { name: string; unit: string; kind: "string"; values: ArrayLike<string> };

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
