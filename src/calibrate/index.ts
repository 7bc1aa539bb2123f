export * from "./types.ts";
export * from "./powerFit.ts";
export * from "./throughputFit.ts";
export * from "./kvCapacity.ts";
