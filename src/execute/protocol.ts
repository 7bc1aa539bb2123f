// What the coordinator (threads.ts) and a pool's threads (worker.ts) tell each other besides the
// tasks themselves. A module of its own, so the coordinator starts its threads without first
// loading what they run.

/** Marks an InputError so the coordinator can tell it from a bug after the thread hop. */
export const INPUT_ERROR_TAG = "wattsweep-input: ";
/**
 * Marks a system error (a full disk, a read-only folder): the thread hop keeps an error's
 * message and stack but drops its code, path and syscall, which the CLI's one line needs;
 * they all follow as JSON.
 */
export const SYSTEM_ERROR_TAG = "wattsweep-system: ";

/** The key of the message a pool thread posts once worker.ts, and so all it imports, is loaded and the require() that loaded it has returned (see closePool). */
export const WORKER_UP = "wattsweepWorkerUp";
/** The workerData of a pool's threads (startPool), which tells them from any other thread that imports worker.ts. */
export const POOL_THREAD = { wattsweepPoolThread: true } as const;
