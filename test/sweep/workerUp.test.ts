// A pool thread says it is up (WORKER_UP, which closePool waits for) only once the require()
// that loads its module has returned: on Node 20 require() of an ES module still builds the
// module's facade after the module ran, and a thread terminated then aborts the whole process
// (a bad `run` command line, whose early thread closes at once, ended in SIGABRT).
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { POOL_THREAD, WORKER_UP } from "../../src/execute/protocol.ts";
// @ts-expect-error: a plain .mjs script without declarations
import { ensureBuilt } from "../../scripts/build.mjs";

describe("a pool thread's WORKER_UP", () => {
  it("comes after the require() of the built worker returns", async () => {
    await ensureBuilt();
    const worker = new URL("../../dist/worker.js", import.meta.url).pathname;
    // as piscina loads it: require() in a microtask
    const thread = new Worker(`const { parentPort } = require("node:worker_threads");
Promise.resolve().then(() => { parentPort.postMessage("require"); require(${JSON.stringify(worker)}); parentPort.postMessage("returned"); });`,
    { eval: true, workerData: POOL_THREAD });
    const seen: string[] = [];
    await new Promise<void>((done, fail) => {
      thread.on("error", fail);
      thread.on("message", (m: unknown) => {
        seen.push(typeof m === "string" ? m : typeof m === "object" && m !== null && WORKER_UP in m ? "up" : "other");
        if (seen.length === 3) done();
      });
    });
    await thread.terminate();
    expect(seen).toEqual(["require", "returned", "up"]);
  });
});
