/** Raised by runSweep when its AbortSignal fires (Ctrl-C): workers stopped, no result files written. */
export class Interrupted extends Error {
  constructor() {
    super("interrupted; no result files written");
    this.name = "Interrupted";
  }
}
