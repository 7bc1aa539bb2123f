// Streams every sample to points.arrow (Arrow IPC file format) in record batches of one
// unit each (see Plan.unitPoints), and to points.parquet in row groups of the same units,
// so the bytes do not depend on chunking or workers and a merge of shards can re-emit the
// same batches. Bytes go to temporary files as they are produced (memory holds one unit; the
// sinks of io/arrow.ts and io/parquet.ts) and are renamed into place only when the file is
// complete. PointsBatches builds those batches (samples.arrow too); PointsFiles writes them
// for merge as well, and numericValues serves analyze and merge.
import {
  Dictionary, Field, Float64, Int32, Int64, makeData, RecordBatch, Schema, Struct, Utf8, vectorFromArray,
  type Data, type DataType, type Vector,
} from "apache-arrow";
import { ArrowFileSink } from "../io/arrow.ts";
import { validityBitmap } from "../io/arrowTable.ts";
import { ParquetFileSink, type ParquetData, type ParquetField } from "../io/parquet.ts";
import type { ChunkResult } from "../execute/chunk.ts";
import { coord, type Plan } from "../plan/index.ts";
import { gridColumnKind, gridValues } from "./gridColumns.ts";
import { pointColumns } from "./pointColumns.ts";

const meta = (unit: string) => new Map([["unit", unit]]);

/** A grid dimension's Arrow type: int64, float64, or text as indices into the dimension's values. */
function gridType(plan: Plan, d: number): DataType {
  const kind = gridColumnKind(plan.dims[d]);
  return kind === "int" ? new Int64() : kind === "float" ? new Float64() : new Dictionary(new Utf8(), new Int32(), d);
}

/**
 * points.arrow's (and samples.arrow's) schema: `point` and `sample` (int64), every grid
 * dimension's value (so no join on `point` is needed), then the point columns. A draw is
 * null where its perturbation does not apply (`where`); metrics always have a value.
 */
export function pointsSchema(plan: Plan): Schema {
  const draws = plan.perturbations.length;
  return new Schema([
    new Field("point", new Int64(), false, meta("")),
    new Field("sample", new Int64(), false, meta("")),
    ...plan.dims.map((d, i) => new Field(d.name, gridType(plan, i), false, meta(d.unit))),
    ...pointColumns(plan).map((c, j) => new Field(c.name, c.count ? new Int64() : new Float64(), j < draws, meta(c.unit))),
  ]);
}

/** points.parquet's columns, read off the Arrow schema: int64 as INT64, text as STRING, the rest DOUBLE. */
function pointsParquetFields(schema: Schema): ParquetField[] {
  return schema.fields.map((f): ParquetField => {
    const type = Int64.isInt(f.type) ? "INT64" : Dictionary.isDictionary(f.type) || Utf8.isUtf8(f.type) ? "STRING" : "DOUBLE";
    return { name: f.name, unit: f.metadata.get("unit") ?? "", type, ...(f.nullable ? { nullable: true } : {}) };
  });
}

/** A record batch's columns as a Parquet row group: text dimensions spelled out, nulls as null. */
function pointsParquetData(batch: RecordBatch): ParquetData[] {
  return batch.schema.fields.map((f, i) => {
    const data = batch.getChildAt(i)!.data[0];
    // plain loops rather than a callback per row (Array.from's): a batch is a unit of about 64K rows (Plan.unitPoints)
    if (Dictionary.isDictionary(f.type)) {
      const words = Array.from(data.dictionary!.toArray() as Iterable<string>, String);
      const keys = data.values as Int32Array;
      const text = new Array<string>(keys.length);
      for (let r = 0; r < keys.length; r++) text[r] = words[keys[r]];
      return text;
    }
    if (data.nullCount > 0) {
      const values = data.values as Float64Array;
      const withNulls = new Array<number | null>(values.length);
      for (let r = 0; r < values.length; r++) withNulls[r] = data.getValid(r) ? values[r] : null;
      return withNulls;
    }
    return data.values as Float64Array | BigInt64Array;
  });
}

/**
 * The Arrow columns of rows point × sample over a rectangle of points [p0, p1) and samples
 * [s0, s1), row-major (a point's samples together), with the point columns given.
 */
export class PointsBatches {
  readonly schema: Schema;
  /** one dictionary per text dimension (its values), shared by every batch: the Arrow file format cannot replace one */
  private readonly dictionaries: Array<Vector | null>;

  constructor(private readonly plan: Plan) {
    this.schema = pointsSchema(plan);
    this.dictionaries = plan.dims.map((d) => (gridColumnKind(d) === "string" ? vectorFromArray(gridValues(d).map(String), new Utf8()) : null));
  }

  batch(p0: number, p1: number, s0: number, s1: number, cols: readonly Float64Array[]): RecordBatch {
    const n = s1 - s0;
    const rows = (p1 - p0) * n;
    const point = new BigInt64Array(rows);
    const sample = new BigInt64Array(rows);
    const samples = BigInt64Array.from({ length: n }, (_, s) => BigInt(s0 + s));
    for (let p = p0; p < p1; p++) {
      point.fill(BigInt(p), (p - p0) * n, (p - p0 + 1) * n);
      sample.set(samples, (p - p0) * n);
    }
    const grid = this.plan.dims.map((d, i) => {
      const type = this.schema.fields[2 + i].type;
      const at = (p: number) => coord(this.plan, p, i);
      if (this.dictionaries[i] !== null) {
        const keys = new Int32Array(rows);
        for (let p = p0; p < p1; p++) keys.fill(at(p), (p - p0) * n, (p - p0 + 1) * n);
        return makeData({ type, length: rows, data: keys, dictionary: this.dictionaries[i]! });
      }
      const values = Int64.isInt(type) ? new BigInt64Array(rows) : new Float64Array(rows);
      for (let p = p0; p < p1; p++) {
        const v = d.values[at(p)] as number;
        if (values instanceof BigInt64Array) values.fill(BigInt(v), (p - p0) * n, (p - p0 + 1) * n);
        else values.fill(v, (p - p0) * n, (p - p0 + 1) * n);
      }
      return makeData({ type, length: rows, data: values });
    });
    const draws = this.plan.perturbations.length;
    const children: Data[] = [
      makeData({ type: new Int64(), length: rows, data: point }),
      makeData({ type: new Int64(), length: rows, data: sample }),
      ...grid,
      // draws.ts writes NaN where a perturbation does not apply: that is the null here
      ...cols.map((c, j) => (Int64.isInt(this.schema.fields[2 + this.plan.dims.length + j].type)
        ? makeData({ type: new Int64(), length: rows, data: countColumn(c) })
        : makeData({ type: new Float64(), length: rows, data: c, ...(j < draws ? drawNulls(c) : {}) }))),
    ];
    return new RecordBatch(this.schema, makeData({ type: new Struct(this.schema.fields), length: rows, nullCount: 0, children }));
  }
}

/** A count metric's values as int64 (whole numbers by construction: the kernel's n, a fleet's GPUs). */
function countColumn(c: Float64Array): BigInt64Array {
  const out = new BigInt64Array(c.length);
  for (let r = 0; r < c.length; r++) out[r] = BigInt(c[r]);
  return out;
}

/** A numeric column of points.* or samples.* as doubles, whether stored as float64 or as int64 counts. */
export function numericValues(values: Float64Array | BigInt64Array): Float64Array {
  return values instanceof BigInt64Array ? Float64Array.from(values, Number) : values;
}

/** The validity of a draw column (NaN: the draw does not apply), or nothing when every row has one. */
function drawNulls(c: Float64Array): { nullBitmap?: Uint8Array; nullCount?: number } {
  // plain loops, not some()/from() with a callback per row: a batch is a unit of about 64K rows (Plan.unitPoints)
  let r = 0;
  while (r < c.length && c[r] === c[r]) r++;
  if (r === c.length) return {};
  const valid = new Uint8Array(c.length);
  for (let i = 0; i < c.length; i++) valid[i] = c[i] === c[i] ? 1 : 0;
  return validityBitmap(valid);
}

/** Where the points go: points.arrow and/or points.parquet. */
export interface PointsPaths {
  arrow?: string;
  parquet?: string;
}

/** points.arrow and points.parquet (those of `paths`) of one schema, a record batch at a time. */
export class PointsFiles {
  private readonly arrow: ArrowFileSink | null;
  private readonly parquet: ParquetFileSink | null;

  constructor(paths: PointsPaths, private readonly schema: Schema) {
    this.arrow = paths.arrow === undefined ? null : new ArrowFileSink(paths.arrow);
    this.parquet = paths.parquet === undefined ? null : new ParquetFileSink(paths.parquet, pointsParquetFields(schema));
  }

  async write(batch: RecordBatch): Promise<void> {
    this.parquet?.write(pointsParquetData(batch));
    if (this.arrow) await this.arrow.write(batch);
  }

  async finish(): Promise<void> {
    this.parquet?.finish();
    await this.arrow?.finish(this.schema);
  }

  abort(): void {
    this.parquet?.abort();
    this.arrow?.abort();
  }
}

/** Collects chunk results (in point order) into per-unit record batches, written by PointsFiles. */
export class PointsWriter {
  private readonly files: PointsFiles;
  private readonly batches: PointsBatches;
  private unitStart = 0;
  private unitEnd = 0;
  private cols: Float64Array[] = [];

  constructor(paths: PointsPaths, private readonly plan: Plan, from: number, private readonly to: number) {
    this.batches = new PointsBatches(plan);
    this.files = new PointsFiles(paths, this.batches.schema);
    this.startUnit(from);
  }

  private startUnit(p: number): void {
    this.unitStart = p;
    this.unitEnd = Math.min(this.to, (Math.floor(p / this.plan.unitPoints) + 1) * this.plan.unitPoints);
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
    const rows = () => (this.unitEnd - this.unitStart) * S;
    if (this.cols.length === 0) this.cols = columns.map(() => new Float64Array(rows()));
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
        if (q < res.p1) this.cols = columns.map(() => new Float64Array(rows()));
      }
    }
  }

  /** The current unit to each file. */
  private async emit(): Promise<void> {
    await this.files.write(this.batches.batch(this.unitStart, this.unitEnd, 0, this.plan.samples, this.cols));
  }

  finish(): Promise<void> {
    return this.files.finish();
  }

  abort(): void {
    this.files.abort();
  }
}
