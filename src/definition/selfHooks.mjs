// ESM resolve hook: `import ... from "wattsweep"` in a user's sweep file, wherever it lives,
// means this installation (no node_modules/wattsweep needed beside the file).
let self = "";

/** Receives the package entry's URL from aliasSelf. */
export function initialize(entry) {
  self = entry;
}

export async function resolve(specifier, context, next) {
  // resolved by the next hook (tsx), which also marks the file as TypeScript to load
  return next(specifier === "wattsweep" ? self : specifier, context);
}
