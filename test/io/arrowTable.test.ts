// ArrowTableSink writes the Arrow IPC file of a table itself; apache-arrow and polars read it
// back: int64s either side of 2^32 and below zero, each column's unit and the table's metadata,
// one record batch per write.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";
import { ArrowTableSink } from "../../src/io/arrowTable.ts";
import { floatColumn, intColumn, stringColumn, type ColumnTable } from "../../src/io/index.ts";
import { tempDir } from "../studies/helpers.ts";

const ints = [0, 1, -1, 2 ** 32 - 1, 2 ** 32, -(2 ** 32) - 5, 2 ** 53 - 1, -(2 ** 53) + 1];
const part = (from: number, to: number): ColumnTable => ({
  columns: [
    intColumn("n", "GPUs", ints.slice(from, to)),
    floatColumn("x", "W", Float64Array.from(ints.slice(from, to), (v) => v / 3)),
    stringColumn("gpu", ints.slice(from, to).map((v) => `g${v}µ`)),
  ],
  length: to - from,
});

describe("ArrowTableSink", () => {
  it("writes int64s of every size and sign, units, metadata and a batch per write, as apache-arrow and polars read them", () => {
    const path = join(tempDir(), "t.arrow");
    const sink = new ArrowTableSink(path, part(0, 3).columns, { sweep: "t", seed: "42" });
    sink.write(part(0, 3));
    sink.write(part(3, ints.length));
    sink.finish();
    const bytes = readFileSync(path);
    const t = tableFromIPC(bytes);
    expect(t.batches.map((b) => b.numRows)).toEqual([3, ints.length - 3]);
    expect(t.schema.fields.map((f) => [f.name, String(f.type), f.nullable, f.metadata.get("unit")])).toEqual([
      ["n", "Int64", false, "GPUs"], ["x", "Float64", false, "W"], ["gpu", "Utf8", false, ""]]);
    expect(Object.fromEntries(t.schema.metadata)).toEqual({ sweep: "t", seed: "42" });
    expect([...t.getChild("n")!.toArray()]).toEqual(ints.map(BigInt));
    expect([...t.getChild("x")!.toArray()]).toEqual(ints.map((v) => v / 3));
    expect(t.getChild("gpu")!.toArray()).toEqual(ints.map((v) => `g${v}µ`));
    // an int column holds whole numbers: anything else is refused, as Parquet refuses it
    const refusing = new ArrowTableSink(join(tempDir(), "r.arrow"), [intColumn("n", "", [1])], {});
    expect(() => refusing.write({ columns: [intColumn("n", "", [1.5])], length: 1 })).toThrow("arrow Int64: 1.5 is not a whole number");
    refusing.abort();
    const df = pl.readIPC(bytes);
    expect(df.getColumn("n").toArray().map(Number)).toEqual(ints);
    expect(df.getColumn("gpu").toArray()).toEqual(ints.map((v) => `g${v}µ`));
  });
});
