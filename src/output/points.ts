// Streams every sample to points.arrow (Arrow IPC file format) in record batches of one
// unit each (see Plan.unitPoints), and to points.parquet in row groups of the same units,
// so the bytes do not depend on chunking or workers and a merge of shards can re-emit the
// same batches. Bytes go to temporary files as they are produced (memory holds one unit)
// and are renamed into place only when the file is complete.
import { closeSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { Field, Float64, Int32, makeData, RecordBatch, RecordBatchFileWriter, Schema, Struct } from "apache-arrow";
import { ParquetFileSink, tempPathFor, type ParquetField } from "../io/index.ts";
import type { ChunkResult } from "../execute/chunk.ts";
import type { Plan } from "../plan/index.ts";

export interface PointColumn {
  name: string;
  unit: string;
}

/** Columns of points.arrow after `point` and `sample`: draws, metrics, derived metrics. */
export function pointColumns(plan: Plan): PointColumn[] {
  return [
    // a draw that scales its target is a unitless factor; one that sets it has the target's unit
    ...plan.perturbations.map((p) => ({ name: p.name, unit: p.apply === "scale" ? "1" : plan.evaluator.targets[p.target].unit })),
    ...plan.metrics.map((m) => ({ name: m, unit: plan.evaluator.metrics[m] })),
    ...plan.derived.map((d) => ({ name: d.name, unit: d.unit })),
  ];
}

export function pointsSchema(columns: readonly PointColumn[]): Schema {
  const meta = (unit: string) => new Map([["unit", unit]]);
  return new Schema([
    new Field("point", new Int32(), false, meta("")),
    new Field("sample", new Int32(), false, meta("")),
    ...columns.map((c) => new Field(c.name, new Float64(), false, meta(c.unit))),
  ]);
}

/** points.parquet's columns: point and sample as INT32 (as in points.arrow), the rest DOUBLE. */
export function pointsParquetFields(columns: readonly PointColumn[]): ParquetField[] {
  return [
    { name: "point", unit: "", type: "INT32" },
    { name: "sample", unit: "", type: "INT32" },
    ...columns.map((c): ParquetField => ({ name: c.name, unit: c.unit, type: "DOUBLE" })),
  ];
}

/** Where the points go: points.arrow and/or points.parquet. */
export interface PointsPaths {
  arrow?: string;
  parquet?: string;
}

/** An Arrow file writer draining into a temporary file with synchronous writes. */
export class ArrowFileSink {
  private readonly tmp: string;
  private readonly fd: number;
  private readonly writer = new RecordBatchFileWriter();
  private readonly drained: Promise<void>;
  private batches = 0;
  /** why the drain loop stopped (a full disk), rethrown by the next write */
  private failure: unknown = null;

  constructor(private readonly path: string) {
    this.tmp = tempPathFor(path);
    const fd = openSync(this.tmp, "w");
    this.fd = fd;
    this.drained = (async () => {
      try {
        for await (const bytes of this.writer) writeSync(fd, bytes);
      } catch (err) {
        (err as NodeJS.ErrnoException).path ??= path; // writes to a descriptor name no file
        throw err;
      }
    })();
    this.drained.catch((err: unknown) => {
      this.failure = err;
    });
  }

  /** Writes a batch and lets the drain loop flush it to disk before more is produced. */
  async write(batch: RecordBatch): Promise<void> {
    if (this.failure !== null) throw this.failure;
    this.writer.write(batch);
    this.batches++;
    await new Promise<void>((done) => setImmediate(done));
  }

  async finish(schema: Schema): Promise<void> {
    // A file with no batches still needs its schema; an empty batch carries it.
    if (this.batches === 0) this.writer.write(new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: 0, children: schema.fields.map((f) => makeData({ type: f.type, length: 0 })) })));
    this.writer.close();
    await this.drained;
    closeSync(this.fd);
    renameSync(this.tmp, this.path);
  }

  abort(): void {
    try {
      this.writer.close();
    } catch {
      // already closed
    }
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.tmp, { force: true });
  }
}

/** Collects chunk results (in point order) into per-unit record batches. */
export class PointsWriter {
  private readonly sink: ArrowFileSink | null;
  private readonly parquet: ParquetFileSink | null;
  readonly schema: Schema;
  private unitStart = 0;
  private unitEnd = 0;
  private point = new Int32Array(0);
  private sample = new Int32Array(0);
  private cols: Float64Array[] = [];

  constructor(paths: PointsPaths, private readonly plan: Plan, from: number, private readonly to: number) {
    this.schema = pointsSchema(pointColumns(plan));
    this.sink = paths.arrow === undefined ? null : new ArrowFileSink(paths.arrow);
    this.parquet = paths.parquet === undefined ? null : new ParquetFileSink(paths.parquet, pointsParquetFields(pointColumns(plan)));
    this.startUnit(from);
  }

  private startUnit(p: number): void {
    const S = this.plan.samples;
    this.unitStart = p;
    this.unitEnd = Math.min(this.to, (Math.floor(p / this.plan.unitPoints) + 1) * this.plan.unitPoints);
    const rows = (this.unitEnd - p) * S;
    this.point = new Int32Array(rows);
    this.sample = new Int32Array(rows);
    for (let q = p; q < this.unitEnd; q++) {
      this.point.fill(q, (q - p) * S, (q - p + 1) * S);
      for (let s = 0; s < S; s++) this.sample[(q - p) * S + s] = s;
    }
    this.cols = []; // allocated when a chunk has to be copied in (see append)
  }

  async append(res: ChunkResult): Promise<void> {
    const S = this.plan.samples;
    const columns = res.columns!;
    if (res.p0 === this.unitStart && res.p1 === this.unitEnd) {
      // the chunk is exactly one unit (huge sample counts): write its columns without a copy
      this.cols = columns;
      await this.emit();
      if (res.p1 < this.to) this.startUnit(res.p1);
      return;
    }
    if (this.cols.length === 0) this.cols = columns.map(() => new Float64Array(this.point.length));
    let p = res.p0;
    while (p < res.p1) {
      const q = Math.min(res.p1, this.unitEnd);
      for (let c = 0; c < columns.length; c++) {
        this.cols[c].set(columns[c].subarray((p - res.p0) * S, (q - res.p0) * S), (p - this.unitStart) * S);
      }
      p = q;
      if (q === this.unitEnd) {
        await this.emit();
        if (q < this.to) this.startUnit(q);
        if (q < res.p1) this.cols = columns.map(() => new Float64Array(this.point.length));
      }
    }
  }

  /** The current unit to each file. */
  private async emit(): Promise<void> {
    this.parquet?.write([this.point, this.sample, ...this.cols]);
    if (this.sink) await this.sink.write(this.batch());
  }

  private batch(): RecordBatch {
    const children = [
      makeData({ type: new Int32(), length: this.point.length, data: this.point }),
      makeData({ type: new Int32(), length: this.sample.length, data: this.sample }),
      ...this.cols.map((c) => makeData({ type: new Float64(), length: c.length, data: c })),
    ];
    const data = makeData({ type: new Struct(this.schema.fields), length: this.point.length, nullCount: 0, children });
    return new RecordBatch(this.schema, data);
  }

  async finish(): Promise<void> {
    this.parquet?.finish();
    await this.sink?.finish(this.schema);
  }

  abort(): void {
    this.parquet?.abort();
    this.sink?.abort();
  }
}
