import { describe, expect, it } from "vitest";
import { Progress } from "../../src/sweep/progress.ts";

const stream = (isTTY: boolean) => {
  const writes: string[] = [];
  return { writes, isTTY, write: (s: string) => writes.push(s) };
};

describe("progress on stderr", () => {
  it("a terminal gets a live line with rate and ETA, then the summary over it", async () => {
    const s = stream(true);
    const p = new Progress(s, "t1", 1000);
    await new Promise((r) => setTimeout(r, 20));
    p.update(250);
    p.update(260); // throttled: too soon after the last line
    p.finish("t1: done");
    expect(s.writes).toHaveLength(2);
    expect(s.writes[0]).toMatch(/^\r\x1b\[Kt1: 25\.0% 250\/1\.0k samples, [\d.]+k?\/s, ETA \d+ s$/);
    expect(s.writes[1]).toBe("\r\x1b[Kt1: done\n");
  });

  it("a pipe or file gets the one summary line only", () => {
    const s = stream(false);
    const p = new Progress(s, "t1", 1000);
    p.update(500);
    p.finish("t1: done");
    expect(s.writes).toEqual(["t1: done\n"]);
  });
});
