// Stage 1 of a sweep: the typed definition a user writes, and loading it from a file.
export * from "./builtins.ts";
export * from "./define.ts";
export * from "./distributions.ts";
export { loadDefinition, type LoadedDefinition } from "./load.ts";
