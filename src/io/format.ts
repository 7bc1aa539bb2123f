/**
 * Aligns rows of cells into columns: text left, numbers right. The first row is the header.
 * Widths are found with a loop, not Math.max(...cells): spreading 200k cells into one call
 * overflows the stack.
 */
export function formatTable(rows: string[][]): string {
  const widths = rows[0].map(() => 0);
  for (const r of rows) {
    for (let j = 0; j < widths.length; j++) widths[j] = Math.max(widths[j], (r[j] ?? "").length);
  }
  const numeric = /^[-+]?[\d.,]+(e[-+]?\d+)?%?$/;
  const line = (r: string[]) =>
    r.map((cell, j) => (numeric.test(cell) ? cell.padStart(widths[j]) : cell.padEnd(widths[j]))).join("  ").trimEnd();
  const out = [line(rows[0]), widths.map((w) => "-".repeat(w)).join("  ")];
  for (let i = 1; i < rows.length; i++) out.push(line(rows[i]));
  return out.join("\n");
}
