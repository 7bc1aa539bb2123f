// Lets sweep files anywhere on disk import "wattsweep" from this installation: an ESM
// resolve hook, and the same alias for files tsx compiles to CommonJS (outside "type":
// "module" packages). Called by the CLI entry and by every worker thread.
import Module, { register } from "node:module";
import { fileURLToPath } from "node:url";

const SELF = fileURLToPath(new URL("../src/index.ts", import.meta.url));

export function aliasSelf() {
  register("./self-hooks.mjs", import.meta.url);
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return resolveFilename.call(this, request === "wattsweep" ? SELF : request, ...rest);
  };
}
