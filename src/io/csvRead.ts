import { readFileSync } from "node:fs";
import { parseString } from "fast-csv";
import { InputError } from "../errors.ts";

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
 * Reads the roles' columns of a CSV file with a header row. Every failure is an
 * InputError naming the file and, where it applies, the line and column.
 */
export async function readMeasuredCsv(path: string, roles: readonly ColumnRole[],
  mapping: Record<string, string>): Promise<MeasuredTable> {
  const rows = await parseCsvRows(path, readText(path));
  const header = rows[0].cells.map((h) => h.trim());
  const columns: Record<string, string> = {};
  const missing: string[] = [];
  for (const r of roles) {
    const col = mapping[r.role] ?? r.role;
    if (header.includes(col)) columns[r.role] = col;
    else if (r.required || mapping[r.role] !== undefined) missing.push(describeRole(r, mapping));
  }
  if (missing.length > 0) missingColumns(path, missing, header);
  const data = rows.slice(1);
  if (data.length === 0) throw new InputError(`${path}: no data rows after the header`);
  const values: Record<string, Float64Array> = {};
  for (const r of roles) {
    const col = columns[r.role];
    if (col === undefined) continue;
    const j = header.indexOf(col);
    const out = new Float64Array(data.length);
    data.forEach((row, i) => {
      out[i] = parseCell(path, row.line, col, row.cells[j], r);
    });
    values[r.role] = out;
  }
  return { path, length: data.length, values, columns, lines: data.map((r) => r.line), header };
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
  if (v < r.min || (v === r.min && !r.minInclusive)) {
    const bound = `${r.minInclusive ? ">=" : ">"} ${r.min}`;
    throw new InputError(`${where} = ${cell}: ${v < 0 ? "negative" : "out of range"}, ${r.meaning} must be ${bound}`);
  }
  return v;
}

function readText(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new InputError(`${path}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  // Binary files (images, Arrow, gzip) contain NUL bytes or are not valid UTF-8.
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  if (bytes.includes(0) || text.includes("\uFFFD")) throw new InputError(`${path}: not a CSV file (binary content)`);
  const start = text.trimStart()[0];
  if (start === "{" || start === "[") throw new InputError(`${path}: not a CSV file (looks like JSON)`);
  return text;
}

interface Row { line: number; cells: string[] }

/** Rows with their file line numbers; blank lines are skipped, ragged rows rejected. */
async function parseCsvRows(path: string, text: string): Promise<Row[]> {
  const raw: string[][] = [];
  await new Promise<void>((resolve, reject) => {
    parseString(text, { headers: false })
      .on("data", (r: string[]) => raw.push(r))
      .on("error", (e: Error) => reject(new InputError(`${path}: not valid CSV: ${e.message.split("\n")[0]}`)))
      .on("end", () => resolve());
  });
  const rows: Row[] = [];
  raw.forEach((cells, i) => {
    if (cells.every((c) => c.trim() === "")) return;
    rows.push({ line: i + 1, cells });
  });
  if (rows.length === 0) throw new InputError(`${path}: empty file, expected a header row`);
  const width = rows[0].cells.length;
  if (width < 2) {
    throw new InputError(`${path}: not a CSV file (the first line has one field, ${JSON.stringify(rows[0].cells[0].slice(0, 40))})`);
  }
  for (const r of rows) {
    if (r.cells.length !== width) {
      throw new InputError(`${path}: line ${r.line} has ${r.cells.length} fields, the header has ${width}`);
    }
  }
  return rows;
}
