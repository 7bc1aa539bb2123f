// Progress on stderr: a live line with rate and ETA on a terminal; otherwise nothing until
// one summary line at the end (logs and CI stay readable).

export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
}

function rate(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : n.toFixed(0);
}

export class Progress {
  private readonly start = performance.now();
  // the first update always shows (performance.now() starts near 0 in a fresh process)
  private last = -Infinity;

  constructor(private readonly stream: ProgressStream | null, private readonly label: string, private readonly total: number) {}

  seconds(): number {
    return (performance.now() - this.start) / 1000;
  }

  update(done: number): void {
    if (!this.stream?.isTTY) return;
    const now = performance.now();
    if (now - this.last < 200 && done < this.total) return;
    this.last = now;
    const t = this.seconds();
    const perSecond = done / Math.max(t, 1e-9);
    const eta = perSecond > 0 ? (this.total - done) / perSecond : 0;
    const pct = ((100 * done) / Math.max(1, this.total)).toFixed(1);
    this.stream.write(`\r\x1b[K${this.label}: ${pct}% ${rate(done)}/${rate(this.total)} samples, ${rate(perSecond)}/s, ETA ${eta.toFixed(0)} s`);
  }

  /** Removes the live line (before an error message takes its place). */
  clear(): void {
    if (this.stream?.isTTY) this.stream.write("\r\x1b[K");
  }

  finish(summary: string): void {
    if (this.stream === null) return;
    this.stream.write(`${this.stream.isTTY ? "\r\x1b[K" : ""}${summary}\n`);
  }
}
