// Worker bootstrap: worker threads do not inherit the main thread's tsx loader, so register
// it here before importing the TypeScript worker (and, through it, the user's sweep file,
// which may import "wattsweep" from anywhere on disk: aliasSelf).
import { register } from "tsx/esm/api";
import { aliasSelf } from "../definition/selfImport.mjs";

register();
aliasSelf();
const { default: runChunkTask } = await import("./worker.ts");
export default runChunkTask;
