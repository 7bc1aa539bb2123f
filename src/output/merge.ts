// `wattsweep merge DIR...`: combines the folders of `--shard K/N` runs into the folder a
// single run writes. Shards are cut at record-batch units and bands rows are per point, so
// concatenating in shard order reproduces the single run's bands and points files (.csv,
// .arrow, .parquet: the formats the shards have) byte for byte (manifest.json differs only
// in timings and run facts). Shards always have Arrow files: they are what merge reads.
import { createReadStream, readFileSync } from "node:fs";
import { join } from "node:path";
import { Dictionary, makeData, RecordBatch, RecordBatchReader, Struct, tableFromIPC, type Table, type Vector } from "apache-arrow";
import { InputError } from "../errors.ts";
import { Interrupted } from "../execute/interrupted.ts";
import type { InputFile } from "../plan/index.ts";
import { concatTables, TABLE_FORMATS, writeTableFiles, type Column, type ColumnTable, type TableFormat } from "../io/index.ts";
import { EVALUATORS } from "../evaluators/index.ts";
import { pointBands } from "../execute/chunk.ts";
import { fingerprint, loadPlan, withSeed } from "../plan/index.ts";
import { BAND_STATS } from "../stats/bands.ts";
import { bandsTable } from "./bandsTable.ts";
import { manifest, type RunFacts } from "./manifest.ts";
import { pointColumns } from "./pointColumns.ts";
import { numericValues, PointsFiles, PointsWriter } from "./points.ts";
import { readManifest, ResultSet, verifyResultSet, type FileEntry } from "./resultSet.ts";
import { writeIndicesCharts, type ChartKind } from "./indicesCharts.ts";

interface ShardManifest {
  name: string;
  definitionHash: string;
  seed: number;
  seedFrom: RunFacts["seedFrom"];
  formats: RunFacts["formats"];
  workers: number;
  chunk: RunFacts["chunk"];
  inputs: InputFile[];
  counts: { gridPoints: number; samplesPerPoint: number; points: number; rows: number };
  shard: { k: number; n: number; points: [number, number]; samples: [number, number] };
  points: boolean;
  file: string;
  fingerprint: string;
  files: FileEntry[];
  wallTimeSeconds: number;
  [key: string]: unknown;
}

const shardManifest = (dir: string) => readManifest<ShardManifest>(dir);

/** Whether a shard computed a range of samples of every point (and left banding to merge). */
const bySamples = (m: ShardManifest) => m.shard.samples[1] - m.shard.samples[0] < m.counts.samplesPerPoint;

/** Orders the shards and checks that together they are exactly one sweep's whole grid. */
function checkShards(dirs: readonly string[]): Array<{ dir: string; m: ShardManifest }> {
  if (dirs.length === 0) throw new InputError("merge: name the shard folders to merge");
  const shards = dirs.map((dir) => ({ dir, m: shardManifest(dir) })).sort((a, b) => a.m.shard.k - b.m.shard.k);
  const first = shards[0].m;
  for (const { dir, m } of shards) {
    if (m.seed !== first.seed) throw new InputError(`${dir}: seed ${m.seed}, but ${shards[0].dir} has seed ${first.seed}`);
    m.inputs.forEach((f, i) => {
      const o = first.inputs[i];
      if (o === undefined || f.value !== o.value || f.sha256 !== o.sha256) {
        throw new InputError(`${dir}: ${f.dimension} ${JSON.stringify(f.value)} was read with other bytes (sha256 ${f.sha256.slice(0, 12)}…) than in ${shards[0].dir}`);
      }
    });
    if (m.definitionHash !== first.definitionHash) throw new InputError(`${dir}: a different sweep definition than ${shards[0].dir}`);
    if (m.shard.n !== shards.length) throw new InputError(`${dir}: shard ${m.shard.k}/${m.shard.n}, but ${shards.length} folders given`);
    const names = (x: ShardManifest) => x.files.map((f) => f.name).join(", ");
    if (names(m) !== names(first)) throw new InputError(`${dir}: has files ${names(m)}, ${shards[0].dir} has ${names(first)}`);
    verifyResultSet(dir, m.files);
  }
  // shards are contiguous slices of points, or (a grid of fewer units than shards) of samples
  const [axis, total] = bySamples(first) ? ["samples", first.counts.samplesPerPoint] as const : ["points", first.counts.gridPoints] as const;
  shards.forEach(({ dir, m }, i) => {
    if (m.shard.k !== i + 1) throw new InputError(`${dir}: shard ${m.shard.k}/${m.shard.n} repeated or out of place; need 1..${shards.length}`);
    const expected = i === 0 ? 0 : shards[i - 1].m.shard[axis][1];
    if (m.shard[axis][0] !== expected) throw new InputError(`${dir}: starts at ${axis === "points" ? "point" : "sample"} ${m.shard[axis][0]}, expected ${expected}`);
  });
  const last = shards[shards.length - 1].m;
  if (last.shard[axis][1] !== total) throw new InputError(`merge: shards end at ${axis === "points" ? "point" : "sample"} ${last.shard[axis][1]} of ${total}`);
  return shards;
}

/** A ColumnTable back from an Arrow table written by io's table writers (tableSink.ts: same kinds, units, nulls). */
function columnTableOf(table: Table): ColumnTable {
  const columns = table.schema.fields.map((f, i): Column => {
    const unit = f.metadata.get("unit") ?? "";
    const vec = table.getChildAt(i)!;
    const typeName = String(f.type);
    const valid = f.nullable ? Uint8Array.from({ length: vec.length }, (_, r) => (vec.isValid(r) ? 1 : 0)) : undefined;
    const nulls = valid === undefined ? {} : { valid };
    if (typeName === "Utf8") return { name: f.name, unit, kind: "string", values: Array.from(vec.toArray() as Iterable<string | null>, (v) => v ?? ""), ...nulls };
    if (typeName === "Int64") return { name: f.name, unit, kind: "int", values: Array.from(vec.toArray() as BigInt64Array, Number), ...nulls };
    return { name: f.name, unit, kind: "float", values: vec.toArray() as Float64Array, ...nulls };
  });
  return { columns, length: table.numRows };
}

/**
 * The batch with each text dimension's dictionary replaced by the first shard's: every shard
 * holds the same one (a dimension's values), but the Arrow file format cannot replace a
 * dictionary, so the merged file must reuse one object, as a single run does.
 */
function withDictionaries(batch: RecordBatch, seen: Map<number, Vector>): RecordBatch {
  let replaced = false;
  const children = batch.schema.fields.map((f, i) => {
    const data = batch.getChildAt(i)!.data[0];
    if (!Dictionary.isDictionary(f.type)) return data;
    const first = seen.get(f.type.id);
    if (first === undefined) {
      seen.set(f.type.id, data.dictionary!);
      return data;
    }
    replaced = true;
    return makeData({ type: f.type, offset: data.offset, length: data.length, nullCount: 0, data: data.values, dictionary: first });
  });
  if (!replaced) return batch;
  return new RecordBatch(batch.schema, makeData({ type: new Struct(batch.schema.fields), length: batch.numRows, nullCount: 0, children }));
}

export async function mergeShards(dirs: readonly string[], out: string, force = false, signal?: AbortSignal): Promise<ShardManifest> {
  const shards = checkShards(dirs);
  const first = shards[0].m;
  const started = performance.now();
  const set = new ResultSet(out, { name: first.name, force });
  const has = (name: string) => first.files.some((f) => f.name === name);
  if (bySamples(first)) {
    try {
      await mergeSamples(shards, set, signal);
      return shardManifest(out);
    } catch (err) {
      set.abort();
      throw err;
    }
  }
  const formats = TABLE_FORMATS.filter((f) => has(`bands.${f}`));
  let pointsFiles: PointsFiles | null = null;
  try {
    const bands = concatTables(shards.map(({ dir }) => columnTableOf(tableFromIPC(readFileSync(join(dir, "bands.arrow"))))));
    if (has("points.arrow")) {
      const dictionaries = new Map<number, Vector>();
      for (const { dir } of shards) {
        const reader = await RecordBatchReader.from(createReadStream(join(dir, "points.arrow")));
        for await (const read of reader) {
          const batch = withDictionaries(read, dictionaries);
          if (signal?.aborted) throw new Interrupted();
          // the files take the first batch's schema (a shard of no rows writes one empty batch, which carries it)
          pointsFiles ??= new PointsFiles({ arrow: set.path("points.arrow"), parquet: has("points.parquet") ? set.path("points.parquet") : undefined }, batch.schema);
          if (batch.numRows > 0) await pointsFiles.write(batch);
        }
      }
      await pointsFiles?.finish();
    }
    await writeTableFiles(set.dir, "bands", bands, {}, formats);
    // indices rows are per point, in point order: shard tables concatenate like the bands
    for (const name of ["indices", "indices_s2"].filter((n) => has(`${n}.arrow`))) {
      const tables = shards.map(({ dir }) => tableFromIPC(readFileSync(join(dir, `${name}.arrow`))));
      const table = concatTables(tables.map(columnTableOf));
      const metadata = Object.fromEntries(tables[0].schema.metadata);
      await writeTableFiles(set.dir, name, table, metadata, formats);
      if (name === "indices") {
        const dims = (first.dimensions as Array<{ name: string }>).map((d) => d.name);
        writeIndicesCharts(set.dir, table, dims, metadata.method as ChartKind, first.name);
      }
    }
    const points = first.counts.gridPoints;
    const merged = {
      ...first,
      counts: { ...first.counts, points, rows: points * first.counts.samplesPerPoint },
      shard: { k: 1, n: 1, points: [0, points] },
      mergedFrom: shards.map(({ dir, m }) => ({ dir, shard: `${m.shard.k}/${m.shard.n}`, wallTimeSeconds: m.wallTimeSeconds })),
      wallTimeSeconds: shards.reduce((t, { m }) => t + m.wallTimeSeconds, 0) + (performance.now() - started) / 1000,
    };
    if (signal?.aborted) throw new Interrupted();
    set.commit(merged);
    return shardManifest(out);
  } catch (err) {
    pointsFiles?.abort();
    set.abort();
    throw err;
  }
}

/**
 * Shards of samples: every (point, sample) row put in its place, then each unit of points
 * banded and written exactly as one run on one machine does. Banding needs the plan, so the
 * sweep file (and the files it reads) must be the ones the shards ran.
 */
async function mergeSamples(shards: Array<{ dir: string; m: ShardManifest }>, set: ResultSet, signal?: AbortSignal): Promise<void> {
  const first = shards[0].m;
  const plan = withSeed(await loadPlan(first.file, EVALUATORS), first.seed, first.file);
  if (fingerprint(plan) !== first.fingerprint) {
    throw new InputError(`${first.file}: not the sweep file (or the files it reads) the shards ran; merging shards of samples needs them`);
  }
  const S = plan.samples;
  const names = pointColumns(plan).map((c) => c.name);
  const cols = names.map(() => new Float64Array(plan.points * S));
  for (const { dir } of shards) {
    const table = tableFromIPC(readFileSync(join(dir, "samples.arrow")));
    const point = table.getChild("point")!.toArray() as BigInt64Array;
    const sample = table.getChild("sample")!.toArray() as BigInt64Array;
    // each row's place in the merged columns, once for all of them
    const at = Float64Array.from(point, (p, r) => Number(p) * S + Number(sample[r]));
    names.forEach((name, c) => {
      // a null draw's slot holds the NaN draws.ts wrote there, which is what banding expects
      const v = numericValues(table.getChild(name)!.toArray() as Float64Array | BigInt64Array);
      for (let r = 0; r < v.length; r++) cols[c][at[r]] = v[r];
    });
  }
  const banded = cols.slice(plan.perturbations.length);
  const stride = banded.length * BAND_STATS.length;
  const bands = new Float64Array(plan.points * stride);
  const formats = first.formats;
  const points = first.points ? new PointsWriter({
    arrow: formats.includes("arrow") ? set.path("points.arrow") : undefined,
    parquet: formats.includes("parquet") ? set.path("points.parquet") : undefined,
  }, plan, 0, plan.points) : null;
  try {
    for (let p0 = 0; p0 < plan.points; p0 += plan.unitPoints) {
      if (signal?.aborted) throw new Interrupted();
      const p1 = Math.min(plan.points, p0 + plan.unitPoints);
      const view = (c: Float64Array) => c.subarray(p0 * S, p1 * S);
      const res = { p0, p1, s0: 0, s1: S, bands: pointBands(plan, p0, p1, banded.map(view)), indices: new Float64Array(0), columns: cols.map(view) };
      bands.set(res.bands, p0 * stride);
      if (points) await points.append(res);
    }
    await points?.finish();
  } catch (err) {
    points?.abort();
    throw err;
  }
  await writeTableFiles(set.dir, "bands", bandsTable(plan, 0, plan.points, bands), {}, formats);
  const facts: RunFacts = {
    file: first.file, seedFrom: first.seedFrom, shard: { k: 1, n: 1, points: [0, plan.points], samples: [0, S] }, points: first.points, formats,
    workers: first.workers, chunk: first.chunk, wallSeconds: shards.reduce((t, { m }) => t + m.wallTimeSeconds, 0),
  };
  set.commit({ ...manifest(plan, facts), mergedFrom: shards.map(({ dir, m }) => ({ dir, shard: `${m.shard.k}/${m.shard.n}`, wallTimeSeconds: m.wallTimeSeconds })) });
}
