// Big inputs, bounded memory: a 200k-row table prints (formatTable used to spread every
// cell into Math.max and overflow the stack) and a measurement CSV is streamed, so memory
// holds the numeric columns asked for, not the file's text and rows of strings.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROLES } from "../../src/calibrate/index.ts";
import { formatTable } from "../../src/io/format.ts";
import { readMeasuredCsv } from "../../src/io/csvRead.ts";
import { ROOT } from "../helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "wattsweep-big-"));
const ROWS = 200_000;

/** batch = 1 + i mod 64, power = 300 + i mod 300 + 0.5, and a 180-character note per row. */
function bigCsv(name: string, note: string): string {
  const path = join(dir, name);
  const lines = ["batch,power,notes"];
  for (let i = 0; i < ROWS; i++) lines.push(`${1 + (i % 64)},${300 + (i % 300)}.5,${note}`);
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

describe("big inputs", () => {
  it("formats a 200k-row table with the widest cell setting each column's width", () => {
    const rows = [["line", "value"], ...Array.from({ length: ROWS }, (_, i) => [String(i + 2), i === 123_456 ? "1234567890123" : "7"])];
    const text = formatTable(rows);
    const lines = text.split("\n");
    expect(lines).toHaveLength(ROWS + 2);
    expect(lines[1]).toBe(`${"-".repeat(6)}  ${"-".repeat(13)}`);
    expect(lines[2]).toBe(`     2              7`);
  });

  it("reads a 200k-row CSV with every value and line number", async () => {
    const t = await readMeasuredCsv(bigCsv("rows.csv", "n"), [ROLES.batch, ROLES.power], {});
    expect(t.length).toBe(ROWS);
    let batch = 0;
    let power = 0;
    for (let i = 0; i < ROWS; i++) {
      batch += t.values.batch[i];
      power += t.values.power[i];
    }
    // sum of 1 + i mod 64 over 200k rows: 3125 full cycles of 64 (sum 2080)
    expect(batch).toBe(3125 * 2080);
    // sum of 300.5 + i mod 300: 666 full cycles (sum 44850) plus i mod 300 = 0..199
    expect(power).toBe(ROWS * 300.5 + 666 * 44850 + (199 * 200) / 2);
    expect(t.lines[0]).toBe(2);
    expect(t.lines[ROWS - 1]).toBe(ROWS + 1);
  });

  // One child process: memory is a property of the process. The file is 38 MB; the old
  // reader held its text and every row's strings and ran out of a 48 MB heap (and took
  // 1.2 GB of RSS on a 190 MB file, against 0.18 GB streamed).
  it("reads a 38 MB CSV inside a 48 MB heap", () => {
    const path = bigCsv("wide.csv", "x".repeat(180));
    const script = `import { readMeasuredCsv } from ${JSON.stringify(join(ROOT, "src/io/csvRead.ts"))};
      import { ROLES } from ${JSON.stringify(join(ROOT, "src/calibrate/index.ts"))};
      const t = await readMeasuredCsv(${JSON.stringify(path)}, [ROLES.batch, ROLES.power], {});
      process.stdout.write(String(t.length));`;
    const r = spawnSync(process.execPath, ["--max-old-space-size=48", "--import", "tsx", "--input-type=module", "-e", script],
      { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect(r.stderr.slice(-300)).toBe("");
    expect(r.stdout).toBe(String(ROWS));
  });
});
