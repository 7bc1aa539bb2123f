import type { PyRandom } from "../pyrandom.ts";

/**
 * A first-come-first-served queue with c identical servers and Poisson arrivals (M/G/c),
 * simulated request by request. Under FCFS a request starts when it arrives or when the
 * earliest of the c servers frees, whichever is later, and then holds that server for its
 * service time; so the state is just the c times at which the servers next free, kept in a
 * binary min-heap: one replace-the-minimum per request, O(log c).
 */

/** One request as a source draws it: how long it holds a server, and its time from start to first token. */
export interface Job {
  service: number;
  firstToken: number;
}

/** Draws the next request's times into `job`, from `rng` only. */
export type JobSource = (rng: PyRandom, job: Job) => void;

export interface FcfsRun {
  /** requests measured (after the warm-up) */
  requests: number;
  /** requests simulated first and discarded, so the measured ones see a loaded queue */
  warmUp: number;
  lam: number;
  servers: number;
}

export interface FcfsResult {
  /** per measured request, in arrival order: the wait before a server frees, and the wait plus the time to first token */
  wait: Float64Array;
  ttft: Float64Array;
}

/** Moves the heap's root down to its place after it grew. */
function siftDown(heap: Float64Array, n: number): void {
  const x = heap[0];
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && heap[child + 1] < heap[child]) child++;
    if (heap[child] >= x) break;
    heap[i] = heap[child];
    i = child;
  }
  heap[i] = x;
}

/**
 * Simulates warmUp + requests arrivals at rate lam on `servers` servers, all idle at time 0.
 * Deterministic in the rng's state and the source.
 */
export function simulateFcfs(run: FcfsRun, rng: PyRandom, source: JobSource): FcfsResult {
  const { requests, warmUp, lam, servers } = run;
  const freeAt = new Float64Array(servers);
  const wait = new Float64Array(requests);
  const ttft = new Float64Array(requests);
  const job: Job = { service: 0, firstToken: 0 };
  let t = 0;
  const total = warmUp + requests;
  for (let i = 0; i < total; i++) {
    t -= Math.log(1 - rng.random()) / lam; // exponential gap; 1 - u is in (0, 1]
    source(rng, job);
    const free = freeAt[0];
    const start = free > t ? free : t;
    freeAt[0] = start + job.service;
    siftDown(freeAt, servers);
    const k = i - warmUp;
    if (k >= 0) {
      wait[k] = start - t;
      ttft[k] = start - t + job.firstToken;
    }
  }
  return { wait, ttft };
}
