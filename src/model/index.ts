export * from "./profile.ts";
export * from "./hardware.ts";
export * from "./architecture.ts";
export * from "./computed.ts";
export * from "./catalog.ts";
export { floorDiv, int, ceilDiv } from "./pymath.ts";
export * from "./singleGpu.ts";
export * from "./profileFile.ts";
