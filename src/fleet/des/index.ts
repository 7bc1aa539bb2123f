/**
 * Discrete-event check of the analytical pool sizing (docs/queueing.md): an FCFS M/G/c
 * simulator (fcfs.ts), a tail quantile with a sectioning confidence interval (tail.ts),
 * and the pool's request source and per-pool verification (pool.ts).
 */
export * from "./fcfs.ts";
export * from "./tail.ts";
export * from "./pool.ts";
