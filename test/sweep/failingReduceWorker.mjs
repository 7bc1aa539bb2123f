// A worker whose chunks are the real ones and whose reduceBlock fails: the coordinator must
// fail the run with that error once the chunks in flight settle (reduceOnWorkers.test.ts).
import runChunkTask from "../../src/execute/worker.mjs";

export default runChunkTask;

export function reduceBlock(task) {
  throw new Error(`reduce of points ${task.p0}..${task.p1} failed on purpose`);
}
