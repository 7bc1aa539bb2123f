export * from "./types.ts";
export * from "./powerFit.ts";
export * from "./throughputFit.ts";
export * from "./kvCapacity.ts";
export * from "./band.ts";
export * from "./validate.ts";
export * from "./roles.ts";
export * from "./measured.ts";
