// Stage 2 of a sweep: a definition validated and expanded into a Plan (src/plan/types.ts).
export * from "./types.ts";
export { buildPlan, withSeed } from "./build.ts";
export { applies, bandedColumns, coord, dimProfile, profileDim, shardPoints, shardSlice, wholeBlocks } from "./grid.ts";
export { loadPlan } from "./load.ts";
export { fingerprint } from "./inputs.ts";
export { drawKey, nameHash } from "./names.ts";
export { gpuStream } from "./design.ts";
