// A worker that passes on what runChunkTask returns once it has checked that it is the result
// itself, not a wrapper handing its buffers over by transfer, which would detach them in this
// thread (copiedResults.test.ts).
import runChunkTask from "../../src/execute/worker.mjs";

export default async function copiedResult(task) {
  const result = await runChunkTask(task);
  if (result !== null && !(result.bands instanceof Float64Array)) throw new Error("a chunk's result was handed over by transfer");
  return result;
}
