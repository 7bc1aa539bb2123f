// Worker bootstrap when running from src/ (tests, the bench): worker threads do not inherit
// the main thread's TypeScript loader, so register tsx before importing worker.ts. The built
// package's workers load dist/worker.js directly.
import { register } from "tsx/esm/api";

register();
const { default: runChunkTask, preloadPlan, reduceBlock, simulatePool, writeTable } = await import("./worker.ts");
export default runChunkTask;
export { preloadPlan, reduceBlock, simulatePool, writeTable };
