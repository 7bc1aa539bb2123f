// Ctrl-C (SIGINT) and what Slurm and Kubernetes send (SIGTERM) stop a command the same way:
// the work is aborted, workers stopped, temporary files removed, one line on stderr, and the
// exit code a shell expects for the signal (128 + its number).
import { Interrupted } from "../execute/interrupted.ts";

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** Runs `work` with a signal that SIGINT and SIGTERM abort; on abort, exits after `work` has cleaned up. */
export async function stoppable<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  let received: keyof typeof EXIT_CODES = "SIGINT";
  const handlers = (Object.keys(EXIT_CODES) as Array<keyof typeof EXIT_CODES>).map((name) => {
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
    if (err instanceof Interrupted) {
      process.stderr.write(`wattsweep: ${err.message} (${received})\n`);
      process.exit(EXIT_CODES[received]);
    }
    throw err;
  } finally {
    for (const off of handlers) off();
  }
}

/** Throws Interrupted once `signal` has fired: for work made of steps that cannot be stopped midway. */
export function checkpoint(signal: AbortSignal): void {
  if (signal.aborted) throw new Interrupted();
}
