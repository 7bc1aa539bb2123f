// The files a plan reads besides the sweep file (profile JSON files, workload CDFs), each
// with the sha256 of its bytes: they are part of what a result depends on, so they enter the
// definition hash, the manifest, and the checks of workers and merge.
import { createHash } from "node:crypto";
import { workloadFile } from "../fleet/index.ts";
import { fileDigest } from "../io/fileDigest.ts";
import { isProfileFile } from "../model/index.ts";
import type { InputFile, Plan, PlanDim } from "./types.ts";

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

export function inputFiles(dims: readonly PlanDim[]): InputFile[] {
  const files: InputFile[] = [];
  for (const d of dims) {
    for (const v of d.values) {
      const path = d.kind === "profile" && isProfileFile(String(v)) ? String(v) : d.kind === "workload" ? workloadFile(String(v)) : null;
      if (path !== null) files.push({ dimension: d.name, value: String(v), sha256: fileDigest(path).sha256 });
    }
  }
  return files;
}

/**
 * What a worker checks against the coordinator: the sweep file's bytes and those of every
 * file it reads (the definition hash itself depends on how a loader prints functions).
 */
export function fingerprint(plan: Plan): string {
  return sha256(Buffer.from(JSON.stringify([plan.sourceHash ?? null, plan.inputs])));
}
