// A worker whose chunks are the real ones but for the second chunk of a run, which fails: the
// coordinator must fail the run with that error, even when it comes while the coordinator is
// busy with an earlier chunk's result (chunkFailure.test.ts).
import runChunkTask from "../../src/execute/worker.mjs";

export default async function failSecond(task) {
  const result = await runChunkTask(task);
  if (result?.chunk === 1) throw new Error("chunk 1 failed on purpose");
  return result;
}
