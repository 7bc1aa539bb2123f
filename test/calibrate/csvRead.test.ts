import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_ROLES, ROLES } from "../../src/calibrate/index.ts";
import { InputError } from "../../src/errors.ts";
import { parseColumnMapping, readMeasuredCsv } from "../../src/io/csvRead.ts";

const dir = mkdtempSync(join(tmpdir(), "wattsweep-csv-"));
function file(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const POWER_ROLES = [ROLES.batch, ROLES.power];
const read = (path: string, columns?: string) => readMeasuredCsv(path, POWER_ROLES, parseColumnMapping(columns, ALL_ROLES));

describe("reading measurement CSVs", () => {
  it("reads the user's column names through the mapping, with file lines", async () => {
    const path = file("ok.csv", "concurrency,gpu_watts,note\n1,300.5,a\n\n4, 350 ,\"b,c\"\n");
    const t = await read(path, "batch=concurrency,power=gpu_watts");
    expect(Array.from(t.values.batch)).toEqual([1, 4]);
    expect(Array.from(t.values.power)).toEqual([300.5, 350]);
    expect(t.lines).toEqual([2, 4]);
    expect(t.columns).toEqual({ batch: "concurrency", power: "gpu_watts" });
  });

  it("defaults a role to the column of the same name", async () => {
    const t = await read(file("same.csv", "power,batch\n310,2\n"));
    expect(Array.from(t.values.batch)).toEqual([2]);
  });

  const fails = async (path: string, re: RegExp, columns?: string) => {
    const err = await read(path, columns).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(re);
    expect((err as Error).message).not.toContain("\n");
  };

  it("names every missing column and what the header has", async () => {
    await fails(file("miss.csv", "n,watts\n1,300\n"), /miss\.csv: missing columns "batch" \(batch: concurrent sequences\), "power" \(power: per-GPU power in W\); the header has "n", "watts"/);
    await fails(file("miss2.csv", "n,watts\n1,300\n"), /missing column "power"/, "batch=n");
  });

  it("points at the line and column of a non-numeric, empty or negative cell", async () => {
    await fails(file("nan.csv", "batch,power\n1,300\n2,abc\n"), /nan\.csv: line 3, column "power" = "abc": not a number/);
    await fails(file("empty.csv", "batch,power\n1,\n"), /line 2, column "power" = "": empty cell/);
    await fails(file("neg.csv", "batch,power\n-4,300\n"), /line 2, column "batch" = -4: negative, concurrent sequences must be >= 0/);
    await fails(file("negp.csv", "batch,power\n4,-300\n"), /line 2, column "power" = -300: negative, per-GPU power in W must be > 0/);
    await fails(file("hex.csv", "batch,power\n0x10,300\n"), /not a number/);
  });

  it("refuses files that are not CSV", async () => {
    await fails(file("data.json", '{"batch": [1, 2], "power": [300, 310]}\n'), /data\.json: not a CSV file \(looks like JSON\)/);
    await fails(file("img.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), /img\.png: not a CSV file \(binary content\)/);
    await fails(file("prose.txt", "These are my measurements\nfrom Tuesday\n"), /prose\.txt: not a CSV file/);
    await fails(file("ragged.csv", "batch,power\n1,300,5\n"), /ragged\.csv: line 2 has 3 fields, the header has 2/);
    await fails(file("quote.csv", 'batch,power\n1,"300\n'), /quote\.csv: not valid CSV/);
    await fails(file("blank.csv", "\n\n"), /blank\.csv: empty file/);
    await fails(file("header.csv", "batch,power\n"), /header\.csv: no data rows/);
    await fails(join(dir, "absent.csv"), /absent\.csv: cannot read: ENOENT/);
  });

  it("rejects a malformed or unknown mapping", () => {
    expect(() => parseColumnMapping("batch", ALL_ROLES)).toThrow(/--columns: "batch" is not role=column/);
    expect(() => parseColumnMapping("watts=w", ALL_ROLES)).toThrow(/unknown role "watts"; valid: batch, power, context, n_max, tok_s/);
    expect(() => parseColumnMapping("batch=a,batch=b", ALL_ROLES)).toThrow(/given twice/);
  });
});
