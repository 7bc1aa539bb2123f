export * from "./singleGpu.ts";
export * from "./fill.ts";
