// Worker bootstrap: worker threads do not inherit the main thread's tsx loader, so register
// it here before importing the TypeScript worker (and, through it, the user's sweep file).
import { register } from "tsx/esm/api";

register();
const { default: runChunkTask } = await import("./worker.ts");
export default runChunkTask;
