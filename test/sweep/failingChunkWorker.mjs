// A worker whose chunks are the real ones but for the second chunk of a run, which fails: the
// coordinator must fail the run with that error, even when it comes while the coordinator is
// busy with an earlier chunk's result (chunkFailure.test.ts).
import runChunkTask from "../../src/execute/worker.mjs";

/** How long chunk 1 waits before it fails: long enough for chunk 0's result to reach the run first, however loaded the machine. */
const FAIL_AFTER_MS = 200;

export default async function failSecond(task) {
  const result = await runChunkTask(task);
  if (result?.chunk === 1) {
    await new Promise((resolve) => setTimeout(resolve, FAIL_AFTER_MS));
    throw new Error("chunk 1 failed on purpose");
  }
  return result;
}
