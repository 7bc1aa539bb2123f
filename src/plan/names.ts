// Stable numeric ids for names: random streams per GPU and generator keys per uncertain
// parameter are derived from names, never from positions, so adding, removing or
// reordering entries leaves the others' draws alone.

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

