// TableFileSink: a table's files written part by part, renamed into place by finish, removed
// by abort; a part with other columns than the first is refused (the files' schemas are the first's).
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { floatColumn, nullableColumn, TABLE_GROUP_ROWS, TableFileSink } from "../../src/io/index.ts";

const part = (values: number[]) => ({ columns: [floatColumn("x", "W", Float64Array.from(values))], length: values.length });

describe("TableFileSink", () => {
  it("abort after parts leaves no file; abort after finish leaves the finished files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wattsweep-sink-"));
    const aborted = new TableFileSink(dir, "a", ["csv", "arrow", "parquet"]);
    await aborted.append(part([1, 2]));
    await aborted.abort();
    expect(readdirSync(dir)).toEqual([]);
    const done = new TableFileSink(dir, "b", ["csv", "arrow", "parquet"]);
    await done.append(part([1, 2]));
    await done.finish();
    await done.abort();
    expect(readdirSync(dir).sort()).toEqual(["b.arrow", "b.csv", "b.parquet"]);
  });

  it("refuses a part whose columns differ from the first's (here: nullable after not)", async () => {
    const sink = new TableFileSink(mkdtempSync(join(tmpdir(), "wattsweep-sink-")), "t", ["arrow"]);
    await sink.append(part([1]));
    await expect(sink.append({ columns: [nullableColumn("x", "W", "float", [null])], length: 1 })).rejects.toThrow("a part with columns x:float? after parts with x:float");
    await sink.abort();
  });

  it("refuses parts of other sizes than whole TABLE_GROUP_ROWS and one last shorter part: the bytes would depend on the feeding", async () => {
    const sink = new TableFileSink(mkdtempSync(join(tmpdir(), "wattsweep-sink-")), "t", ["csv"]);
    await expect(sink.append(part(Array.from({ length: TABLE_GROUP_ROWS + 1 }, (_, i) => i)))).rejects.toThrow(`a part of ${TABLE_GROUP_ROWS + 1} rows > ${TABLE_GROUP_ROWS}`);
    await sink.append(part(Array.from({ length: TABLE_GROUP_ROWS }, (_, i) => i)));
    await sink.append(part([1, 2]));
    await expect(sink.append(part([3]))).rejects.toThrow("a part of 1 rows after the last (shorter) part");
    await sink.abort();
  });
});
