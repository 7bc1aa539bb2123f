// A worker whose chunks are the real ones, each 50 ms longer, so that when the chunks a thread
// took in one turn come back shows (chunkTurns.test.ts).
import runChunkTask from "../../src/execute/worker.mjs";

const nap = new Int32Array(new SharedArrayBuffer(4));

export default async function slowChunk(task) {
  const result = await runChunkTask(task);
  Atomics.wait(nap, 0, 0, 50);
  return result;
}
