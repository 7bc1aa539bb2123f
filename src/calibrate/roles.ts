import type { ColumnRole } from "../io/csvRead.ts";

/** The quantities a measurement file can hold; the CSV column of each is the user's choice. */
export const ROLES = {
  batch: { role: "batch", meaning: "concurrent sequences", required: true, min: 0, minInclusive: true },
  power: { role: "power", meaning: "per-GPU power in W", required: true, min: 0, minInclusive: false },
  context: { role: "context", meaning: "context window in tokens", required: true, min: 1, minInclusive: true },
  nMax: { role: "n_max", meaning: "concurrent sequences at that context", required: true, min: 1, minInclusive: true },
  tokS: { role: "tok_s", meaning: "decode throughput in tokens/s", required: true, min: 0, minInclusive: false },
  concurrency: { role: "concurrency", meaning: "concurrent sequences the server ran at that context", required: true, min: 0, minInclusive: false },
  gpus: { role: "gpus", meaning: "GPUs of the serving instance", required: true, min: 1, minInclusive: true },
} as const satisfies Record<string, ColumnRole>;

export const ALL_ROLES: readonly ColumnRole[] = Object.values(ROLES);

export const optional = (r: ColumnRole): ColumnRole => ({ ...r, required: false });
