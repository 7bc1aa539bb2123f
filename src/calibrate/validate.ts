import type { Profile } from "../model/index.ts";
import { modelValue, type BandFn, type MeasuredPoint } from "./band.ts";

export interface Comparison extends MeasuredPoint {
  model: number;
  lo: number;
  hi: number;
  /** (measured - model) / model */
  relErr: number;
  inside: boolean;
  /** how far outside the band, relative to the nearest edge (0 inside; signed: < 0 below) */
  miss: number;
}

/** Each measured point against the profile's value and the band (e.g. `cornerBand`, a sweep's). */
export function compareToProfile(p: Profile, points: readonly MeasuredPoint[], band: BandFn): Comparison[] {
  return points.map((q) => {
    const model = modelValue(p, q);
    const [lo, hi] = band(q);
    const miss = q.measured < lo ? (q.measured - lo) / lo : q.measured > hi ? (q.measured - hi) / hi : 0;
    return { ...q, model, lo, hi, relErr: (q.measured - model) / model, inside: miss === 0, miss };
  });
}

export interface CoverageSummary {
  inside: number;
  total: number;
  coverage: number;
  /** the point farthest outside its band, if any point is outside */
  worstMiss?: Comparison;
  /** the point with the largest relative error (inside or not) */
  largestError: Comparison;
}

export function coverageOf(rows: readonly Comparison[]): CoverageSummary {
  const inside = rows.filter((r) => r.inside).length;
  const byMiss = rows.filter((r) => !r.inside).sort((a, b) => Math.abs(b.miss) - Math.abs(a.miss) || a.line - b.line);
  const byErr = [...rows].sort((a, b) => Math.abs(b.relErr) - Math.abs(a.relErr) || a.line - b.line);
  return { inside, total: rows.length, coverage: inside / rows.length, worstMiss: byMiss[0], largestError: byErr[0] };
}
