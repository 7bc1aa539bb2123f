// Ctrl-C (SIGINT) and what Slurm and Kubernetes send (SIGTERM) stop a command the same way:
// the work is aborted, workers stopped, temporary files removed; the CLI then prints one
// line and exits with the code a shell expects for the signal (128 + its number).
import { Interrupted } from "../execute/interrupted.ts";

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

/** Runs `work` with a signal that SIGINT and SIGTERM abort; an abort ends in Interrupted naming the signal. */
export async function stoppable<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  let received: (typeof SIGNALS)[number] = "SIGINT";
  const handlers = SIGNALS.map((name) => {
    const handler = () => {
      received = name;
      ac.abort();
    };
    process.on(name, handler);
    return () => process.off(name, handler);
  });
  try {
    return await work(ac.signal);
  } catch (err) {
    throw err instanceof Interrupted ? new Interrupted(received) : err;
  } finally {
    for (const off of handlers) off();
  }
}

/** Throws Interrupted once `signal` has fired: for work made of steps that cannot be stopped midway. */
export function checkpoint(signal: AbortSignal): void {
  if (signal.aborted) throw new Interrupted();
}
