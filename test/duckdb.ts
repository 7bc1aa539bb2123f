// DuckDB as a notebook user runs it, an independent reader of the Parquet files: one
// in-memory database per test file, opened before its tests and closed after them.
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll } from "vitest";

export function useDuckDb(): { sql: (q: string) => Promise<Record<string, unknown>[]>; connection: () => DuckDBConnection } {
  let instance: DuckDBInstance | undefined;
  let db: DuckDBConnection | undefined;
  beforeAll(async () => {
    instance = await DuckDBInstance.create();
    db = await instance.connect();
  });
  afterAll(() => {
    db?.closeSync();
    instance?.closeSync();
  });
  const connection = () => db!;
  return { sql: async (q) => (await connection().runAndReadAll(q)).getRowObjectsJS(), connection };
}
