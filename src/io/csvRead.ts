import { createReadStream, statSync } from "node:fs";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parse } from "fast-csv";
import { badInput, InputError } from "../errors.ts";

/**
 * A quantity a command reads from a user's CSV (e.g. `batch`, `power`), and the range its
 * values must lie in. The CSV column that holds it is the user's choice (`--columns`).
 */
export interface ColumnRole {
  role: string;
  /** what the value means, for error messages, e.g. "per-GPU power in W" */
  meaning: string;
  required: boolean;
  /** smallest allowed value and whether it is itself allowed */
  min: number;
  minInclusive: boolean;
}

/** The numeric columns read for each role present in the file, all of equal length. */
export interface MeasuredTable {
  path: string;
  length: number;
  values: Record<string, Float64Array>;
  /** the CSV column each role was read from */
  columns: Record<string, string>;
  /** the file line of each data row (1-based, header is line 1), for messages */
  lines: number[];
  header: string[];
}

/**
 * Parses `--columns role=column,role=column`. Roles not mentioned default to a column of
 * the same name when the file has one; unknown roles fail listing the valid ones.
 */
export function parseColumnMapping(spec: string | undefined, roles: readonly ColumnRole[], flag = "--columns"): Record<string, string> {
  const mapping: Record<string, string> = {};
  if (spec === undefined || spec.trim() === "") return mapping;
  for (const part of spec.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0 || eq === part.length - 1) {
      throw new InputError(`${flag}: ${JSON.stringify(part)} is not role=column (e.g. batch=concurrency,power=gpu_watts)`);
    }
    const role = part.slice(0, eq).trim();
    if (!roles.some((r) => r.role === role)) {
      throw new InputError(`${flag}: unknown role ${JSON.stringify(role)}; valid: ${roles.map((r) => r.role).join(", ")}`);
    }
    if (mapping[role] !== undefined) throw new InputError(`${flag}: role ${JSON.stringify(role)} is given twice`);
    mapping[role] = part.slice(eq + 1).trim();
  }
  return mapping;
}

/** Decimal numbers only: "0x10", "1e", "Infinity" and empty cells are not measurements. */
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Reads the roles' columns of a CSV file with a header row, streaming: the file is never
 * held in memory as text or as rows of strings, only the numeric columns asked for. Every
 * failure is an InputError naming the file and, where it applies, the line and column.
 */
export async function readMeasuredCsv(path: string, roles: readonly ColumnRole[],
  mapping: Record<string, string>): Promise<MeasuredTable> {
  const table = new TableBuilder(path, roles, mapping);
  await streamCsvRows(path, (line, cells) => table.row(line, cells));
  return table.finish();
}

/** Growing column of numbers (doubling), trimmed when the file ends. */
class NumberColumn {
  private data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  values(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** Builds a MeasuredTable one row at a time: the first non-blank row is the header. */
class TableBuilder {
  private header: string[] | null = null;
  private readonly columns: Record<string, string> = {};
  private readonly reads: { role: ColumnRole; index: number; out: NumberColumn }[] = [];
  private readonly lines: number[] = [];

  constructor(private readonly path: string, private readonly roles: readonly ColumnRole[],
    private readonly mapping: Record<string, string>) {}

  row(line: number, cells: string[]): void {
    if (cells.every((c) => c.trim() === "")) return;
    if (this.header === null) {
      this.readHeader(cells);
      return;
    }
    if (cells.length !== this.header.length) {
      throw new InputError(`${this.path}: line ${line} has ${cells.length} fields, the header has ${this.header.length}`);
    }
    for (const r of this.reads) r.out.push(parseCell(this.path, line, this.columns[r.role.role], cells[r.index], r.role));
    this.lines.push(line);
  }

  private readHeader(cells: string[]): void {
    const path = this.path;
    const header = cells.map((h) => h.trim());
    if (header.length < 2) {
      throw new InputError(`${path}: not a CSV file (the first line has one field, ${JSON.stringify(cells[0].slice(0, 40))})`);
    }
    const twice = header.find((h, j) => h !== "" && header.indexOf(h) !== j);
    if (twice !== undefined) badInput(path, "header column", twice, "appears twice; which one holds the values would be a guess");
    const missing: string[] = [];
    for (const r of this.roles) {
      const col = this.mapping[r.role] ?? r.role;
      if (header.includes(col)) {
        this.columns[r.role] = col;
        this.reads.push({ role: r, index: header.indexOf(col), out: new NumberColumn() });
      } else if (r.required || this.mapping[r.role] !== undefined) missing.push(describeRole(r, this.mapping));
    }
    if (missing.length > 0) missingColumns(path, missing, header);
    this.header = header;
  }

  finish(): MeasuredTable {
    if (this.header === null) throw new InputError(`${this.path}: empty file, expected a header row`);
    if (this.lines.length === 0) throw new InputError(`${this.path}: no data rows after the header`);
    const values: Record<string, Float64Array> = {};
    for (const r of this.reads) values[r.role.role] = r.out.values();
    return { path: this.path, length: this.lines.length, values, columns: this.columns, lines: this.lines, header: this.header };
  }
}

function describeRole(r: ColumnRole, mapping: Record<string, string>): string {
  return `"${mapping[r.role] ?? r.role}" (${r.role}: ${r.meaning})`;
}

function missingColumns(path: string, missing: string[], header: readonly string[]): never {
  throw new InputError(`${path}: missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}; `
    + `the header has ${header.map((h) => JSON.stringify(h)).join(", ")} (map them with --columns role=column)`);
}

/**
 * Fails, naming the columns, unless the table holds every one of `roles`: for files whose
 * shape decides which roles are needed (read them all as optional first).
 */
export function requireRoles(t: MeasuredTable, roles: readonly ColumnRole[], mapping: Record<string, string>): void {
  const missing = roles.filter((r) => t.values[r.role] === undefined).map((r) => describeRole(r, mapping));
  if (missing.length > 0) missingColumns(t.path, missing, t.header);
}

function parseCell(path: string, line: number, col: string, raw: string | undefined, r: ColumnRole): number {
  const cell = (raw ?? "").trim();
  const where = `${path}: line ${line}, column "${col}"`;
  if (!NUMBER.test(cell)) {
    throw new InputError(`${where} = ${JSON.stringify(cell)}: ${cell === "" ? "empty cell" : "not a number"} (${r.meaning})`);
  }
  const v = Number(cell);
  if (!Number.isFinite(v)) throw new InputError(`${where} = ${cell}: beyond the range of a double (${r.meaning})`);
  if (v < r.min || (v === r.min && !r.minInclusive)) {
    const bound = `${r.minInclusive ? ">=" : ">"} ${r.min}`;
    throw new InputError(`${where} = ${cell}: ${v < 0 ? "negative" : "out of range"}, ${r.meaning} must be ${bound}`);
  }
  return v;
}

/**
 * Refuses, from the bytes as they stream past, what is not a CSV file: binary content (NUL
 * bytes, invalid UTF-8: images, Arrow, gzip) and JSON (first visible character { or [).
 */
function contentCheck(path: string): Transform {
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  let seenVisible = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      try {
        if (chunk.includes(0)) throw new InputError(`${path}: not a CSV file (binary content)`);
        try {
          utf8.decode(chunk, { stream: true });
        } catch {
          throw new InputError(`${path}: not a CSV file (binary content)`);
        }
        if (!seenVisible) {
          const first = chunk.findIndex((b) => !WHITESPACE_OR_BOM.has(b));
          if (first >= 0) {
            seenVisible = true;
            if (chunk[first] === 0x7b || chunk[first] === 0x5b) throw new InputError(`${path}: not a CSV file (looks like JSON)`);
          }
        }
        done(null, chunk);
      } catch (err) {
        done(err as Error);
      }
    },
  });
}

/** space, tab, CR, LF and the bytes of a UTF-8 byte-order mark */
const WHITESPACE_OR_BOM = new Set([0x20, 0x09, 0x0d, 0x0a, 0xef, 0xbb, 0xbf]);

/** Calls `onRow` with each record and its number (1-based; blank lines count); a ragged or broken file fails. */
async function streamCsvRows(path: string, onRow: (line: number, cells: string[]) => void): Promise<void> {
  try {
    if (statSync(path).isDirectory()) throw new InputError(`${path}: is a folder, not a CSV file`);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${path}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let line = 0;
  let refused: InputError | null = null; // the pipeline reports a row's error as an abort
  try {
    await pipeline(createReadStream(path), contentCheck(path), parse({ headers: false }), async (rows: AsyncIterable<string[]>) => {
      for await (const cells of rows) {
        try {
          onRow(++line, cells);
        } catch (err) {
          if (err instanceof InputError) refused = err;
          throw err;
        }
      }
    });
  } catch (err) {
    if (refused !== null) throw refused;
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== undefined) throw new InputError(`${path}: cannot read: ${code}`);
    throw new InputError(`${path}: not valid CSV: ${(err as Error).message.split("\n")[0]}`);
  }
}
