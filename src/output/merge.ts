// `wattsweep merge DIR...`: combines the folders of `--shard K/N` runs into the folder a
// single run writes. Shards are cut at record-batch units and bands rows are per point, so
// concatenating in shard order reproduces the single run's bands.csv, bands.arrow and
// points.arrow byte for byte (manifest.json differs only in timings and run facts).
import { createReadStream, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RecordBatchReader, tableFromIPC, type Table } from "apache-arrow";
import { InputError } from "../errors.ts";
import { Interrupted } from "../execute/interrupted.ts";
import type { InputFile } from "../plan/index.ts";
import { tableToArrow, tableToCsv, writeFileAtomic, type Column, type ColumnTable } from "../io/index.ts";
import { ArrowFileSink } from "./points.ts";
import { ResultSet, verifyResultSet, type FileEntry } from "./resultSet.ts";

interface ShardManifest {
  name: string;
  definitionHash: string;
  seed: number;
  inputs: InputFile[];
  counts: { gridPoints: number; samplesPerPoint: number; points: number; rows: number };
  shard: { k: number; n: number; points: [number, number] };
  files: FileEntry[];
  wallTimeSeconds: number;
  [key: string]: unknown;
}

function readManifest(dir: string): ShardManifest {
  const path = join(dir, "manifest.json");
  if (!existsSync(path)) throw new InputError(`${dir}: no manifest.json (not a finished sweep folder)`);
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new InputError(`${path}: unreadable manifest (${(err as Error).message})`);
  }
}

/** Orders the shards and checks that together they are exactly one sweep's whole grid. */
function checkShards(dirs: readonly string[]): Array<{ dir: string; m: ShardManifest }> {
  if (dirs.length === 0) throw new InputError("merge: name the shard folders to merge");
  const shards = dirs.map((dir) => ({ dir, m: readManifest(dir) })).sort((a, b) => a.m.shard.k - b.m.shard.k);
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
  shards.forEach(({ dir, m }, i) => {
    if (m.shard.k !== i + 1) throw new InputError(`${dir}: shard ${m.shard.k}/${m.shard.n} repeated or out of place; need 1..${shards.length}`);
    const expected = i === 0 ? 0 : shards[i - 1].m.shard.points[1];
    if (m.shard.points[0] !== expected) throw new InputError(`${dir}: starts at point ${m.shard.points[0]}, expected ${expected}`);
  });
  const last = shards[shards.length - 1].m;
  if (last.shard.points[1] !== first.counts.gridPoints) throw new InputError(`merge: shards end at point ${last.shard.points[1]} of ${first.counts.gridPoints}`);
  return shards;
}

/** A ColumnTable back from an Arrow table written by tableToArrow (same kinds, units). */
function columnsOf(table: Table): Column[] {
  return table.schema.fields.map((f, i) => {
    const unit = f.metadata.get("unit") ?? "";
    const vec = table.getChildAt(i)!;
    const typeName = String(f.type);
    if (typeName === "Utf8") return { name: f.name, unit, kind: "string", values: Array.from(vec.toArray() as Iterable<string>, String) };
    if (typeName === "Int64") return { name: f.name, unit, kind: "int", values: Array.from(vec.toArray() as BigInt64Array, Number) };
    return { name: f.name, unit, kind: "float", values: vec.toArray() as Float64Array };
  });
}

function concatTables(parts: readonly Column[][]): ColumnTable {
  const columns = parts[0].map((c, j): Column => {
    const values = parts.flatMap((p) => Array.from(p[j].values as ArrayLike<number | string>));
    return c.kind === "float" ? { ...c, values: Float64Array.from(values as number[]) } : ({ ...c, values } as Column);
  });
  return { columns, length: columns[0].values.length };
}

export async function mergeShards(dirs: readonly string[], out: string, force = false, signal?: AbortSignal): Promise<ShardManifest> {
  const shards = checkShards(dirs);
  const first = shards[0].m;
  const started = performance.now();
  const set = new ResultSet(out, { name: first.name, force });
  let sink: ArrowFileSink | null = null;
  try {
    const bands = concatTables(shards.map(({ dir }) => columnsOf(tableFromIPC(readFileSync(join(dir, "bands.arrow"))))));
    if (first.files.some((f) => f.name === "points.arrow")) {
      sink = new ArrowFileSink(set.path("points.arrow"));
      let schema = null;
      for (const { dir } of shards) {
        const reader = await RecordBatchReader.from(createReadStream(join(dir, "points.arrow")));
        for await (const batch of reader) {
          schema ??= batch.schema;
          if (signal?.aborted) throw new Interrupted();
          if (batch.numRows > 0) await sink.write(batch);
        }
      }
      await sink.finish(schema!);
    }
    writeFileAtomic(set.path("bands.csv"), await tableToCsv(bands));
    writeFileAtomic(set.path("bands.arrow"), tableToArrow(bands));
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
    return readManifest(out);
  } catch (err) {
    sink?.abort();
    set.abort();
    throw err;
  }
}
