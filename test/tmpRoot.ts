// vitest's global setup: every temporary file of a test run, the tests' own and those of the
// code and commands they run, goes into one folder (TMPDIR, which os.tmpdir() and child
// processes read), removed when the run ends. Without it each run left its result folders in
// the system's temporary folder.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const before = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), "wattsweep-test-run-"));
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(root, { recursive: true, force: true });
  };
}
