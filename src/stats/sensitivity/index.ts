// Sensitivity analysis: estimators over model outputs. The designs they read live in
// src/sample/ (saltelli.ts, morris.ts, sobolSequence.ts).
export * from "./bootstrap.ts";
export * from "./sobolIndices.ts";
export * from "./morris.ts";
export * from "./rankIndices.ts";
export * from "./testFunctions.ts";
export * from "./pointIndices.ts";
