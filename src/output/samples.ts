// samples.arrow: what a shard that computed a range of samples (rather than whole grid
// points) writes, for merge to band: every (point, sample) row it computed, with the draws,
// metrics and derived metrics, in the points.arrow schema. Row order does not matter: merge
// places each row by its point and sample.
import { Float64, Int32, makeData, RecordBatch, Struct, type Schema } from "apache-arrow";
import type { ChunkResult } from "../execute/chunk.ts";
import type { Plan } from "../plan/index.ts";
import { ArrowFileSink, pointColumns, pointsSchema } from "./points.ts";

export class SamplesWriter {
  private readonly sink: ArrowFileSink;
  private readonly schema: Schema;

  constructor(path: string, plan: Plan) {
    this.schema = pointsSchema(pointColumns(plan));
    this.sink = new ArrowFileSink(path);
  }

  /** One chunk (all its columns) as one record batch. */
  append(res: ChunkResult): Promise<void> {
    const n = res.s1 - res.s0;
    const rows = (res.p1 - res.p0) * n;
    const point = new Int32Array(rows);
    const sample = new Int32Array(rows);
    for (let r = 0; r < rows; r++) {
      point[r] = res.p0 + Math.floor(r / n);
      sample[r] = res.s0 + (r % n);
    }
    const children = [
      makeData({ type: new Int32(), length: rows, data: point }),
      makeData({ type: new Int32(), length: rows, data: sample }),
      ...res.columns!.map((c) => makeData({ type: new Float64(), length: rows, data: c })),
    ];
    return this.sink.write(new RecordBatch(this.schema, makeData({ type: new Struct(this.schema.fields), length: rows, nullCount: 0, children })));
  }

  finish(): Promise<void> {
    return this.sink.finish(this.schema);
  }

  abort(): void {
    this.sink.abort();
  }
}
