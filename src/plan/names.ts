// Names a sweep gives. Each becomes a column, so all follow one convention (snake_case).
// Stable numeric ids for names: random streams per GPU and generator keys per uncertain
// parameter are derived from names, never from positions, so adding, removing or
// reordering entries leaves the others' draws alone.
import { badInput } from "../errors.ts";
import { isSnakeCase, snakeCase } from "../io/columns.ts";

/** Refuses a grid key, parameter, derived metric or model output that is not snake_case, naming the spelling that is. */
export function checkColumnName(where: string, field: string, name: string): void {
  if (!isSnakeCase(name)) badInput(where, field, name, `names are snake_case (lower-case letters, digits, _), e.g. ${JSON.stringify(snakeCase(name).replace(/[^a-z0-9_]/g, "_"))}`);
}

/** 32-bit FNV-1a of a string: a stable stream id for a name (e.g. one stream per GPU). */
export function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The generator key of an uncertain parameter: its name's hash in 29 bits (the bits above are tags). */
export function drawKey(name: string): number {
  return nameHash(name) >>> 3;
}

