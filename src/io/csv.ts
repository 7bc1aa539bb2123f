// CSV text of a table (csvHeader, then csvRows): a header row of column names, then one row
// per record, each line ending in \n. Numbers are written in JavaScript's shortest round-trip
// form (String(x), see numberText.ts), so a reader recovers every bit (and never needs quotes);
// a missing value (null) is an empty cell. A part of the rows has the same lines as in the whole
// table, so a table is written part by part (tableSink.ts).
import { hasValue, type Column, type ColumnTable } from "./columns.ts";
import { writeNumber } from "./numberText.ts";

/** A text cell quoted when it holds a quote, the delimiter, a line break or `|` (as the files have always been written). */
const NEEDS_QUOTES = /[,\r\n|]/;

function textCell(text: string): string {
  const t = text.includes("\0") ? text.replaceAll("\0", "") : text;
  if (t.includes('"')) return `"${t.replaceAll('"', '""')}"`;
  return NEEDS_QUOTES.test(t) ? `"${t}"` : t;
}

/** The header line of a table's CSV text. */
export function csvHeader(table: ColumnTable): string {
  return `${table.columns.map((c) => textCell(c.name)).join(",")}\n`;
}

/**
 * The lines of a table's rows in its CSV text, as UTF-8 bytes handed to `write` a piece at a
 * time (each valid only during the call): one part of a table has the lines of its rows in the
 * whole, and a table of millions of rows never sits in memory as text.
 */
export function csvRows(table: ColumnTable, write: (bytes: Uint8Array) => void): void {
  const end = rowBytes(table.columns, table.length, write);
  if (end > 0) write(scratch.subarray(0, end));
}

/** rowBytes' buffer, kept from call to call: a piece goes out once it holds PIECE_BYTES. */
let scratch: Buffer = Buffer.allocUnsafe(64 * 1024);
const PIECE_BYTES = 1 << 20;

/** Room for a number (String(x) has 24 characters at most: "-1.2345678901234567e-308") and the separator before it. */
const NUMBER_BYTES = 25;
const COMMA = 44;
const NEWLINE = 10;

/**
 * Each row's line and its line break, written into `scratch` (grown as needed) as they are made,
 * numbers as bytes (writeNumber): no string per cell, per line or of them all. Hands each piece
 * of PIECE_BYTES or more to `write` at the end of a row; returns the bytes of the last piece,
 * not yet handed on. A function of its own, ending in its loop: code compiled while a long
 * loop runs (on-stack replacement) that then meets code after the loop never run before is
 * thrown away there (`node --trace-deopt` shows it), and a loop this long is compiled that way
 * on every call. The columns and the row count come as arguments, not read from the table:
 * the first call runs the lines before its loop before V8 has given the function a feedback
 * vector, so a property read there has no feedback, and the code compiled for the second call
 * was thrown away at that read (`--trace-deopt`: "Insufficient type feedback", bytecode offset 0).
 */
function rowBytes(columns: readonly Column[], rows: number, write: (bytes: Uint8Array) => void): number {
  let out = scratch;
  let at = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns.length; j++) {
      const c = columns[j];
      if (out.length - at < NUMBER_BYTES + 1) out = scratch = grown(out, at, NUMBER_BYTES + 1);
      if (j > 0) out[at++] = COMMA;
      if (!hasValue(c, i)) continue;
      if (c.kind !== "string") {
        at = writeNumber(c.values[i], out, at);
        continue;
      }
      const text = textCell(c.values[i]);
      // UTF-8: 3 bytes a UTF-16 unit at most
      if (out.length - at < 3 * text.length) out = scratch = grown(out, at, 3 * text.length);
      at += out.write(text, at);
    }
    if (out.length === at) out = scratch = grown(out, at, 1);
    out[at++] = NEWLINE;
    if (at >= PIECE_BYTES) {
      write(out.subarray(0, at));
      at = 0;
    }
  }
  return at;
}

/** `out`'s first `at` bytes in a buffer with room for `more` after them. */
function grown(out: Buffer, at: number, more: number): Buffer {
  const bigger = Buffer.allocUnsafe(Math.max(2 * out.length, at + more));
  out.copy(bigger, 0, 0, at);
  return bigger;
}
