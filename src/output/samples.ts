// samples.arrow: what a shard that computed a range of samples (rather than whole grid
// points) writes, for merge to band: every (point, sample) row it computed, with the draws,
// metrics and derived metrics, in the points.arrow schema. Row order does not matter: merge
// places each row by its point and sample.
import type { ChunkResult } from "../execute/chunk.ts";
import type { Plan } from "../plan/index.ts";
import { ArrowFileSink } from "../io/arrow.ts";
import { PointsBatches } from "./points.ts";

export class SamplesWriter {
  private readonly sink: ArrowFileSink;
  private readonly batches: PointsBatches;

  constructor(path: string, plan: Plan) {
    this.batches = new PointsBatches(plan);
    this.sink = new ArrowFileSink(path);
  }

  /** One chunk (all its columns) as one record batch. */
  append(res: ChunkResult): Promise<void> {
    return this.sink.write(this.batches.batch(res.p0, res.p1, res.s0, res.s1, res.columns!));
  }

  finish(): Promise<void> {
    return this.sink.finish(this.batches.schema);
  }

  abort(): void {
    this.sink.abort();
  }
}
