// Lets sweep files anywhere on disk import "wattsweep" from this installation: an ESM
// resolve hook, and the same alias for files tsx compiles to CommonJS (outside "type":
// "module" packages). Called by the CLI entry and by every worker thread. The package's
// entry is found by resolving its own name (package.json "exports"), not by a path.
import Module, { register } from "node:module";
import { fileURLToPath } from "node:url";

const SELF = import.meta.resolve("wattsweep");

export function aliasSelf() {
  register("./selfHooks.mjs", { parentURL: import.meta.url, data: SELF });
  const selfPath = fileURLToPath(SELF);
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return resolveFilename.call(this, request === "wattsweep" ? selfPath : request, ...rest);
  };
}
