/** Aligns rows of cells into columns: text left, numbers right. The first row is the header. */
export function formatTable(rows: string[][]): string {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => (r[j] ?? "").length)));
  const numeric = /^[-+]?[\d.,]+(e[-+]?\d+)?%?$/;
  const line = (r: string[]) =>
    r.map((cell, j) => (numeric.test(cell) ? cell.padStart(widths[j]) : cell.padEnd(widths[j]))).join("  ").trimEnd();
  return [line(rows[0]), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}
