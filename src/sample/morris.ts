// Morris' elementary-effects design in the unit hypercube: r random one-at-a-time trajectories
// on a p-level grid {0, 1/(p-1), .., 1}, step delta = p / (2 (p-1)).
//
// Trajectory t: every input i draws a low level from the lower p/2 levels (so low + delta is
// still on the grid) and a direction; the start point holds each input at its low level when
// moving up, at low + delta when moving down. A random order then moves one input per step
// by +-delta. This is Morris' randomised orientation matrix B* written out move by move. All
// draws hash (seed, t, input), so a trajectory is a pure function of (seed, t).
//
// Row order: trajectory t owns rows t(k+1) .. t(k+1) + k; row t(k+1) + s is the point after s
// moves. Grid values include 0 and 1, so map them through bounded inverse CDFs (or a
// truncated quantile range) only.
import { badInput } from "../errors.ts";
import { hashAt, seedKey, uniformFrom, type SeedKey } from "./counterHash.ts";

export interface MorrisOptions {
  inputs: number;
  trajectories: number;
  /** Grid levels p, even (default 4). */
  levels?: number;
  seed: number;
}

export interface MorrisDesign {
  readonly inputs: number;
  readonly trajectories: number;
  readonly levels: number;
  /** Step between the two points of an elementary effect, p / (2 (p-1)). */
  readonly delta: number;
  readonly seed: number;
  /** trajectories * (inputs + 1). */
  readonly rows: number;
}

export interface Trajectory {
  /** Grid level (0..p-1) of the start point, per input; the unit value is level / (p-1). */
  readonly start: Int32Array;
  /** order[s] is the input moved by step s + 1. */
  readonly order: Int32Array;
  /** +1 or -1 per input: the sign of its move. */
  readonly direction: Int8Array;
}

const LEVEL = 1;
const DIRECTION = 2;
const ORDER = 3;
const WHERE = "morris design";

export function morrisDesign(options: MorrisOptions): MorrisDesign {
  const { inputs, trajectories, levels = 4, seed } = options;
  seedKey(seed, WHERE);
  if (!Number.isInteger(inputs) || inputs < 1) badInput(WHERE, "inputs", inputs, "must be a positive integer");
  if (!Number.isInteger(trajectories) || trajectories < 2) badInput(WHERE, "trajectories", trajectories, "must be an integer >= 2");
  if (!Number.isInteger(levels) || levels < 2 || levels % 2 !== 0) badInput(WHERE, "levels", levels, "must be an even integer >= 2");
  const rows = trajectories * (inputs + 1);
  if (!Number.isSafeInteger(rows)) badInput(WHERE, "rows", rows, "too many");
  return { inputs, trajectories, levels, delta: levels / (2 * (levels - 1)), seed, rows };
}

/** Trajectory t's start point, move order and directions. */
export function morrisTrajectory(design: MorrisDesign, t: number): Trajectory {
  if (!Number.isInteger(t) || t < 0 || t >= design.trajectories) {
    badInput(WHERE, "trajectory", t, `must be an integer in 0..${design.trajectories - 1}`);
  }
  const key: SeedKey = seedKey(design.seed, WHERE);
  const k = design.inputs;
  const p = design.levels;
  const levelRoot = hashAt(key, LEVEL, t);
  const directionRoot = hashAt(key, DIRECTION, t);
  const orderRoot = hashAt(key, ORDER, t);
  const start = new Int32Array(k);
  const direction = new Int8Array(k);
  for (let i = 0; i < k; i++) {
    const low = Math.floor(uniformFrom(levelRoot, i) * (p / 2));
    direction[i] = uniformFrom(directionRoot, i) < 0.5 ? 1 : -1;
    start[i] = direction[i] === 1 ? low : low + p / 2;
  }
  const order = Int32Array.from({ length: k }, (_, i) => i);
  for (let s = k - 1; s > 0; s--) {
    const u = Math.floor(uniformFrom(orderRoot, s) * (s + 1));
    [order[s], order[u]] = [order[u], order[s]];
  }
  return { start, order, direction };
}

/** Rows start..start+count-1 as k columns of unit values (column i holds input i). */
export function morrisColumns(design: MorrisDesign, start: number, count: number, out?: Float64Array[]): Float64Array[] {
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > design.rows) {
    badInput(WHERE, "rows", `${start}+${count}`, `must lie within 0..${design.rows - 1}`);
  }
  const k = design.inputs;
  const columns = out ?? Array.from({ length: k }, () => new Float64Array(count));
  const level = new Int32Array(k);
  const top = design.levels - 1;
  let current = -1;
  let moved = 0;
  let path: Trajectory | null = null;
  for (let c = 0; c < count; c++) {
    const r = start + c;
    const t = Math.floor(r / (k + 1));
    const step = r - t * (k + 1);
    if (path === null || t !== current) {
      path = morrisTrajectory(design, t);
      current = t;
      level.set(path.start);
      moved = 0;
    }
    for (; moved < step; moved++) {
      const i = path.order[moved];
      level[i] += (path.direction[i] * design.levels) / 2;
    }
    for (let i = 0; i < k; i++) columns[i][c] = level[i] / top;
  }
  return columns;
}

/** The k unit values of row r. */
export function morrisRow(design: MorrisDesign, r: number, out = new Float64Array(design.inputs)): Float64Array {
  const columns = morrisColumns(design, r, 1);
  for (let i = 0; i < design.inputs; i++) out[i] = columns[i][0];
  return out;
}
