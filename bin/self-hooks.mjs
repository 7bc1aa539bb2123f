// ESM resolve hook: `import ... from "wattsweep"` in a user's sweep file, wherever it lives,
// means this installation (no node_modules/wattsweep needed beside the file).
const SELF = new URL("../src/index.ts", import.meta.url).href;

export async function resolve(specifier, context, next) {
  // resolved by the next hook (tsx), which also marks the file as TypeScript to load
  return next(specifier === "wattsweep" ? SELF : specifier, context);
}
