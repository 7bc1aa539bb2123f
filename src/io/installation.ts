// Facts about this installation of wattsweep, for --version and the manifests.
import { execFile, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../packageRoot.ts";

/** `version` of the package.json in `dir` (default: wattsweep's own), or null. */
export function packageVersion(dir = PACKAGE_ROOT): string | null {
  try {
    return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;
  } catch {
    return null;
  }
}

let commit: string | null | undefined;
let asked = false;
/** the git command line that names the commit of the checkout the package runs from */
const GIT_COMMIT = ["rev-parse", "HEAD"];

/**
 * Asks git for the commit in the background (a run does while its chunks compute), so that
 * gitCommit() finds it known instead of waiting for git at the end of the run.
 */
export function askGitCommit(): void {
  if (commit !== undefined || asked) return;
  asked = true;
  execFile("git", GIT_COMMIT, { cwd: PACKAGE_ROOT }, (err, stdout) => {
    commit ??= err ? null : stdout.trim();
  });
}

/**
 * The git commit of the installation, when it is a git checkout: asked once per process (the
 * code running is what was loaded at its start), not once per manifest: `paper` writes six
 * (one per study sweep, one for the paper), each of which spawned git. A background ask
 * (askGitCommit) not answered yet is asked again here, and waited for.
 */
export function gitCommit(): string | null {
  if (commit !== undefined) return commit;
  try {
    commit = execFileSync("git", GIT_COMMIT, { cwd: PACKAGE_ROOT, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
  } catch {
    commit = null;
  }
  return commit;
}
