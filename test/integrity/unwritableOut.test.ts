// An --out that cannot be written fails at once with one line and exit 2. Under /proc, Node's
// recursive mkdir used to retry forever at full CPU (profile, validate, run --out /proc/a/b);
// a full disk ended in a stack trace. A spinning command blocks the event loop, so the first
// case runs in a child with a time limit; the others run in-process.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, ROOT } from "../helpers.ts";
import { SharedPool } from "../../src/execute/pool.ts";
import { floatColumn } from "../../src/io/index.ts";
import { userFixableSystemError } from "../../src/cli/systemErrors.ts";

const FIX = join(ROOT, "test/fixtures/measurements");
const SWEEP = join(FIX, "synthetic-h100-context-sweep.csv");
const COLUMNS = "power=per_gpu_power_w,context=context_tokens,tok_s=decode_tok_s";
const TABLE1 = join(ROOT, "sweeps/table1-bands.ts");

function expectOneLine(r: { code: number | null; stderr: string }, mention: string) {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split("\n");
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toContain(mention);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe("an --out that cannot be written", () => {
  it("profile --out under /proc fails within seconds (the real binary, time-limited)", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "bin/wattsweep.js"), "profile", "--out", "/proc/wattsweep-test/x"],
      { encoding: "utf8", timeout: 20_000 });
    expect(r.signal, "killed by the time limit: the command spun").toBeNull();
    expectOneLine({ code: r.status, stderr: r.stderr }, "/proc/wattsweep-test");
  });

  it.each([
    ["validate", ["validate", "--profile", "h100-80gb", "--measured", SWEEP, "--columns", COLUMNS, "--out", "/proc/wattsweep-test/v"]],
    ["run", ["run", TABLE1, "--workers", "1", "--out", "/proc/wattsweep-test/r"]],
    ["paper", ["paper", "--tables", "1", "--out", "/proc/wattsweep-test/p"]],
  ])("%s --out under /proc: one line, exit 2", async (_name, args) => {
    expectOneLine(await cli(args), "/proc/wattsweep-test");
  });
});

describe("a system error on a pool thread", () => {
  it("comes back with its code, so the CLI prints one line (a table's file name taken by a folder)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wattsweep-eisdir-"));
    mkdirSync(join(dir, "t.csv", "inside"), { recursive: true }); // rename onto a non-empty folder fails
    const pool = new SharedPool(1);
    try {
      const table = { columns: [floatColumn("x", "", Float64Array.of(1, 2))], length: 2 };
      const err = await pool.writeTable({ dir, name: "t", table, metadata: {}, formats: ["csv"] }).catch((e: unknown) => e);
      expect((err as NodeJS.ErrnoException).syscall).toBe("rename");
      expect(userFixableSystemError(err), String(err)).not.toBeNull();
    } finally {
      await pool.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// A full disk needs a small tmpfs; mounting one needs root. Where mount is refused the
// case is skipped.
const tiny = mkdtempSync(join(tmpdir(), "wattsweep-tiny-"));
const mounted = (() => {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", tiny], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
afterAll(() => {
  if (mounted) execFileSync("umount", [tiny]);
  rmSync(tiny, { recursive: true, force: true });
});

describe.skipIf(!mounted)("a full disk (64 KB tmpfs)", () => {
  it("run --points fails naming the file, exit 2, and leaves nothing behind", async () => {
    const out = join(tiny, "r");
    const r = await cli(["run", TABLE1, "--workers", "1", "--points", "--out", out]);
    expectOneLine(r, "ENOSPC");
    expect(r.stderr).toContain(tiny);
    expect(readdirSync(tiny)).toEqual([]);
  });

  it("a table the paper's shared pool writes on a thread fails with the error's code and path, as if written here", async () => {
    writeFileSync(join(tiny, "ballast"), Buffer.alloc(63 * 1024));
    const pool = new SharedPool(1);
    try {
      const table = { columns: [floatColumn("x", "", Float64Array.from({ length: 4096 }, (_, i) => Math.sqrt(i)))], length: 4096 };
      const err = await pool.writeTable({ dir: tiny, name: "t", table, metadata: {}, formats: ["parquet"] }).catch((e: unknown) => e);
      expect((err as NodeJS.ErrnoException).code).toBe("ENOSPC");
      expect(userFixableSystemError(err)).toContain(join(tiny, "t.parquet"));
    } finally {
      await pool.destroy();
      rmSync(join(tiny, "ballast"));
    }
    expect(readdirSync(tiny)).toEqual([]);
  });

  it("profile --out on a disk with 1 KB left fails naming the file, exit 2", async () => {
    writeFileSync(join(tiny, "ballast"), Buffer.alloc(63 * 1024));
    const r = await cli(["profile", "--out", join(tiny, "p")]);
    rmSync(join(tiny, "ballast"));
    expectOneLine(r, "ENOSPC");
    expect(r.stderr).toContain(join(tiny, "p", "profile_points"));
    expect(readdirSync(join(tiny, "p"))).toEqual([]);
  });
});
