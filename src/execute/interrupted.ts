/** Raised when a run's AbortSignal fires (Ctrl-C, SIGTERM): workers stopped, no result files written. */
export class Interrupted extends Error {
  /** the signal that stopped the run, for the exit code (128 + its number) */
  constructor(readonly by: "SIGINT" | "SIGTERM" = "SIGINT") {
    super("interrupted; no result files written");
    this.name = "Interrupted";
  }
}
