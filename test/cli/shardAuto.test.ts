// `--shard auto` reads K/N from what Slurm, Kubernetes and CI runners set.
import { describe, expect, it } from "vitest";
import { shardFromEnvironment } from "../../src/cli/shardAuto.ts";

describe("--shard auto", () => {
  it("reads each batch system's array index, counting K from 1", () => {
    expect(shardFromEnvironment({ WATTSWEEP_SHARD: "3/16" })).toEqual([3, 16]);
    expect(shardFromEnvironment({ SLURM_ARRAY_TASK_ID: "0", SLURM_ARRAY_TASK_COUNT: "16", SLURM_ARRAY_TASK_MIN: "0" })).toEqual([1, 16]);
    expect(shardFromEnvironment({ SLURM_ARRAY_TASK_ID: "16", SLURM_ARRAY_TASK_COUNT: "16", SLURM_ARRAY_TASK_MIN: "1" })).toEqual([16, 16]);
    expect(shardFromEnvironment({ JOB_COMPLETION_INDEX: "15", WATTSWEEP_SHARD_COUNT: "16" })).toEqual([16, 16]);
    expect(shardFromEnvironment({ CI_NODE_INDEX: "2", CI_NODE_TOTAL: "4" })).toEqual([2, 4]);
    expect(shardFromEnvironment({ CIRCLE_NODE_INDEX: "0", CIRCLE_NODE_TOTAL: "4" })).toEqual([1, 4]);
    expect(shardFromEnvironment({ BUILDKITE_PARALLEL_JOB: "3", BUILDKITE_PARALLEL_JOB_COUNT: "4" })).toEqual([4, 4]);
  });

  it("says what it looked for, or what is wrong, in one line", () => {
    expect(() => shardFromEnvironment({})).toThrow(/^--shard auto: no shard index in the environment; set one of: WATTSWEEP_SHARD=K\/N; SLURM_ARRAY_TASK_ID/);
    expect(() => shardFromEnvironment({ JOB_COMPLETION_INDEX: "2" })).toThrow(/set WATTSWEEP_SHARD_COUNT/);
    expect(() => shardFromEnvironment({ SLURM_ARRAY_TASK_ID: "x", SLURM_ARRAY_TASK_COUNT: "4" })).toThrow(/SLURM_ARRAY_TASK_ID = "x": not a whole number/);
    expect(() => shardFromEnvironment({ CI_NODE_INDEX: "5", CI_NODE_TOTAL: "4" })).toThrow(/give shard 5\/4, not 1 <= K <= N/);
  });
});
