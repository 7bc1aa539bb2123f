// Saltelli's design for Sobol' indices, in the unit hypercube (the caller maps each column
// through its input's inverse CDF). Base row n of matrices A and B is point n of a scrambled
// 2k-dimensional Sobol' sequence: A takes coordinates 0..k-1, B coordinates k..2k-1.
//
// Row order: base row n owns the block of rows n*R .. n*R + R - 1, R = k + 2 (2k + 2 with
// second order), laid out as
//   slot 0            A_n
//   slot 1 + i        AB_i,n  (A_n with input i taken from B_n), i = 0..k-1
//   slot 1 + k + i    BA_i,n  (B_n with input i taken from A_n), second order only
//   slot R - 1        B_n
// so any range of rows can be generated on its own, and a bootstrap can resample whole
// blocks (base rows) of outputs.
import { badInput } from "../errors.ts";
import { SOBOL_MAX_DIMENSIONS, sobolColumn, sobolSequence, type SobolSequence } from "./sobolSequence.ts";

export interface SaltelliOptions {
  /** Number of model inputs k. */
  inputs: number;
  /** Base rows N (powers of two keep the Sobol' prefix a net, which is best). */
  baseRows: number;
  /** Also lay out the BA_i blocks, for second-order indices. */
  secondOrder?: boolean;
  seed: number;
}

export interface SaltelliDesign {
  readonly inputs: number;
  readonly baseRows: number;
  readonly secondOrder: boolean;
  readonly seed: number;
  /** Rows per base row: k + 2, or 2k + 2 with second order. */
  readonly rowsPerBase: number;
  /** Model evaluations: baseRows * rowsPerBase. */
  readonly rows: number;
  readonly sequence: SobolSequence;
}

export type SaltelliBlock = "A" | "AB" | "BA" | "B";

export function saltelliDesign(options: SaltelliOptions): SaltelliDesign {
  const { inputs, baseRows, secondOrder = false, seed } = options;
  const maxInputs = Math.floor(SOBOL_MAX_DIMENSIONS / 2);
  if (!Number.isInteger(inputs) || inputs < 1 || inputs > maxInputs) {
    badInput("saltelli design", "inputs", inputs, `must be an integer in 1..${maxInputs}`);
  }
  if (!Number.isInteger(baseRows) || baseRows < 2 || baseRows > 2 ** 31) {
    badInput("saltelli design", "baseRows", baseRows, "must be an integer in 2..2^31");
  }
  const rowsPerBase = secondOrder ? 2 * inputs + 2 : inputs + 2;
  return {
    inputs, baseRows, secondOrder, seed, rowsPerBase,
    rows: baseRows * rowsPerBase,
    sequence: sobolSequence(2 * inputs, seed),
  };
}

/** What row r is: its base row, its block, and the input swapped in (-1 for A and B). */
export function saltelliRowKind(design: SaltelliDesign, r: number): { base: number; block: SaltelliBlock; input: number } {
  checkRows(design, r, 1);
  const base = Math.floor(r / design.rowsPerBase);
  return { base, ...slotKind(design, r - base * design.rowsPerBase) };
}

function slotKind(design: SaltelliDesign, slot: number): { block: SaltelliBlock; input: number } {
  const k = design.inputs;
  if (slot === 0) return { block: "A", input: -1 };
  if (slot === design.rowsPerBase - 1) return { block: "B", input: -1 };
  return slot <= k ? { block: "AB", input: slot - 1 } : { block: "BA", input: slot - 1 - k };
}

/** Entry slot * k + i: the sequence coordinate that supplies input i in a row of that slot. */
function sourceTable(design: SaltelliDesign): Int32Array {
  const k = design.inputs;
  const table = new Int32Array(design.rowsPerBase * k);
  for (let slot = 0; slot < design.rowsPerBase; slot++) {
    const { block, input } = slotKind(design, slot);
    for (let i = 0; i < k; i++) {
      const fromB = block === "B" || (block === "AB" && i === input) || (block === "BA" && i !== input);
      table[slot * k + i] = fromB ? k + i : i;
    }
  }
  return table;
}

/** The k unit-hypercube values of row r. */
export function saltelliRow(design: SaltelliDesign, r: number, out = new Float64Array(design.inputs)): Float64Array {
  const columns = saltelliColumns(design, r, 1);
  for (let i = 0; i < design.inputs; i++) out[i] = columns[i][0];
  return out;
}

/**
 * Rows start..start+count-1 as k columns (column i holds input i), unit-hypercube values.
 * Each needed Sobol' coordinate is generated once over the base rows the range touches.
 */
export function saltelliColumns(design: SaltelliDesign, start: number, count: number, out?: Float64Array[]): Float64Array[] {
  checkRows(design, start, count);
  const k = design.inputs;
  const R = design.rowsPerBase;
  const columns = out ?? Array.from({ length: k }, () => new Float64Array(count));
  if (count === 0) return columns;
  const first = Math.floor(start / R);
  const bases = Math.floor((start + count - 1) / R) - first + 1;
  const source = Array.from({ length: 2 * k }, (_, d) => sobolColumn(design.sequence, d, first, bases));
  const table = sourceTable(design);
  for (let t = 0; t < count; t++) {
    const base = Math.floor((start + t) / R);
    const slot = start + t - base * R;
    for (let i = 0; i < k; i++) columns[i][t] = source[table[slot * k + i]][base - first];
  }
  return columns;
}

function checkRows(design: SaltelliDesign, start: number, count: number): void {
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > design.rows) {
    badInput("saltelli design", "rows", `${start}+${count}`, `must lie within 0..${design.rows - 1}`);
  }
}
