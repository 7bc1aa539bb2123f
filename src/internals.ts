// Internal modules that scripts/bench/startup.ts drives directly from the built package (a
// pool booted and fed one chunk without a run around it): not the public API (index.ts),
// no compatibility promised. An entry point of the build so that the bench loads the same
// bundled files as `wattsweep run`.
export { EVALUATORS } from "./evaluators/index.ts";
export { chunking } from "./execute/chunking.ts";
export { planTaskOf } from "./execute/pool.ts";
export { startPool } from "./execute/threads.ts";
export { loadPlan, shardPoints } from "./plan/index.ts";
