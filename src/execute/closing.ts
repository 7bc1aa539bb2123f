// Pools still closing: closePool waits for a pool's threads to have loaded their modules, and
// a run that fails hands its error on at once, before that. A process that exits early on a
// failure (the CLI) first waits for them here.
const pending = new Set<Promise<void>>();

/** Keeps `closed` (a pool's closing) until it settles. */
export function trackClosing(closed: Promise<void>): void {
  pending.add(closed);
  const done = () => pending.delete(closed);
  closed.then(done, done);
}

/** Resolves once every pool being closed is closed (or failed to). */
export async function poolsClosed(): Promise<void> {
  await Promise.allSettled([...pending]);
}
