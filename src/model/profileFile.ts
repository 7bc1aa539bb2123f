import { readFileSync } from "node:fs";
import { badInput, InputError } from "../errors.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import type { PowerModel } from "./power.ts";
import type { Profile } from "./profile.ts";

/**
 * Profile JSON files: what `calibrate` writes and every `--profile FILE` reads.
 *
 *   { "format": "wattsweep-profile", "version": 1, "name": ..., "slotRule": "manual",
 *     "units": { "W": "s", "H": "s", "pIdle": "W", ... },
 *     "W": 0.004, "H": 0.00032, "Lcal": 8192, "chunk": 1024, "blk": 16, "kvBlocks": 65536,
 *     "maxSlots": 256, "costPerHour": 4.02,
 *     "power": { "kind": "logistic", "pIdle": 300, "pNom": 600, "k": 1, "x0": 4.2 },
 *     "C": 0.00002,   (optional: the per-sequence iteration term, docs/measurements.md)
 *     "calibration": { ...free-form provenance: fits, standard errors, sources... } }
 *
 * `units` may be omitted (base units) or name other units for the fields that have them
 * (ms for times, kW for power); values are converted on load and written in base units.
 */
export const PROFILE_FORMAT = "wattsweep-profile";
const VERSION = 1;

/** Accepted units per field, as factors to the base unit (first entry). */
const UNITS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  W: { s: 1, ms: 1e-3, us: 1e-6 },
  H: { s: 1, ms: 1e-3, us: 1e-6 },
  C: { s: 1, ms: 1e-3, us: 1e-6 },
  Lcal: { tokens: 1 },
  chunk: { tokens: 1 },
  blk: { tokens: 1 },
  kvBlocks: { blocks: 1 },
  maxSlots: { sequences: 1 },
  costPerHour: { "USD/h": 1 },
  pIdle: { W: 1, kW: 1e3 },
  pNom: { W: 1, kW: 1e3 },
  k: { "1/doubling": 1 },
  x0: { "log2(batch)": 1 },
  tdp: { W: 1, kW: 1e3 },
  fp16Flops: { "FLOP/s": 1 },
};

const BASE_UNITS = Object.fromEntries(Object.entries(UNITS).map(([f, u]) => [f, Object.keys(u)[0]]));

interface Range { min: number; minInclusive?: boolean; max?: number; integer?: boolean; hint?: string }

const TIME_HINT = "more than 10 s per decode iteration; if the value is in ms, say so in units";
const POWER_HINT = "over 100 kW per GPU; if the value is in mW, convert it";
const PROFILE_FIELDS: Readonly<Record<string, Range>> = {
  W: { min: 0, minInclusive: false, max: 10, hint: TIME_HINT },
  H: { min: 0, max: 10, hint: TIME_HINT },
  Lcal: { min: 1, integer: true },
  chunk: { min: 1, integer: true },
  blk: { min: 1, integer: true },
  kvBlocks: { min: 1, integer: true },
  maxSlots: { min: 0, integer: true },
  costPerHour: { min: 0 },
};
const LOGISTIC_FIELDS: Readonly<Record<string, Range>> = {
  pIdle: { min: 0, max: 1e5, hint: POWER_HINT },
  pNom: { min: 0, max: 1e5, hint: POWER_HINT },
  k: { min: 0, max: 100 },
  x0: { min: -64, max: 64 },
};
const COMPUTED_FIELDS: Readonly<Record<string, Range>> = {
  tdp: { min: 0, minInclusive: false, max: 1e5, hint: POWER_HINT },
  activeParams: { min: 1 },
  tp: { min: 1, integer: true },
  fp16Flops: { min: 0, minInclusive: false },
};
/** Optional fields: written only when set, read when present. */
const OPTIONAL_FIELDS: Readonly<Record<string, Range>> = { C: { min: 0, max: 10, hint: TIME_HINT } };
const TOP_KEYS = ["format", "version", "name", "slotRule", "units", "power", "calibration", ...Object.keys(PROFILE_FIELDS),
  ...Object.keys(OPTIONAL_FIELDS)];

/** The JSON text of a profile, in base units, with optional calibration provenance. */
export function profileToJson(p: Profile, calibration?: Record<string, unknown>): string {
  const fields = Object.keys(PROFILE_FIELDS) as Array<keyof Profile>;
  const powerKeys = Object.keys(p.power.kind === "logistic" ? LOGISTIC_FIELDS : COMPUTED_FIELDS);
  const optional = (Object.keys(OPTIONAL_FIELDS) as Array<keyof Profile>).filter((f) => p[f] !== undefined);
  const used = [...fields, ...optional, ...powerKeys].filter((f) => BASE_UNITS[f] !== undefined);
  const doc: Record<string, unknown> = {
    format: PROFILE_FORMAT, version: VERSION, name: p.name, slotRule: p.slotRule,
    units: Object.fromEntries(used.map((f) => [f, BASE_UNITS[f]])),
    ...Object.fromEntries([...fields, ...optional].map((f) => [f, p[f]])),
    power: p.power,
    ...(calibration ? { calibration } : {}),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}

/** Writes a profile JSON file atomically (never a half-written file). */
export function writeProfileFile(path: string, p: Profile, calibration?: Record<string, unknown>): void {
  // Validate what we write with the same rules as what we read: a fit gone wrong fails here.
  parseProfile(JSON.parse(profileToJson(p, calibration)), path);
  writeFileAtomic(path, profileToJson(p, calibration));
}

/** Reads and validates a profile JSON file; every problem names the file and the field. */
export function loadProfileFile(path: string): Profile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new InputError(`${path}: cannot read profile: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${path}: not a profile JSON file: ${(err as Error).message}`);
  }
  return parseProfile(doc, path);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Validates a parsed profile document and converts it to base units. */
export function parseProfile(doc: unknown, file: string): Profile {
  if (!isObject(doc)) badInput(file, "(top level)", doc, "a profile must be a JSON object");
  if (doc.format !== PROFILE_FORMAT) badInput(file, "format", doc.format, `must be "${PROFILE_FORMAT}"`);
  if (doc.version !== VERSION) badInput(file, "version", doc.version, `unsupported; this wattsweep reads version ${VERSION}`);
  for (const key of Object.keys(doc)) {
    if (!TOP_KEYS.includes(key)) badInput(file, key, doc[key], `unknown field; valid: ${TOP_KEYS.join(", ")}`);
  }
  if (typeof doc.name !== "string" || doc.name.trim() === "") badInput(file, "name", doc.name, "must be a non-empty string");
  const slotRule = doc.slotRule ?? "manual";
  if (slotRule !== "manual" && slotRule !== "computed") badInput(file, "slotRule", slotRule, 'must be "manual" or "computed"');
  const factors = unitFactors(doc.units, file);
  const num = (obj: Record<string, unknown>, field: string, path: string, range: Range): number =>
    checkedNumber(file, path, obj[field], factors[field] ?? 1, range);
  const fields = Object.fromEntries(Object.entries(PROFILE_FIELDS).map(([f, r]) => [f, num(doc, f, f, r)]));
  if (slotRule === "manual" && fields.maxSlots < 1) badInput(file, "maxSlots", fields.maxSlots, "a manual profile needs maxSlots >= 1");
  const C = doc.C === undefined ? undefined : num(doc, "C", "C", OPTIONAL_FIELDS.C);
  return {
    name: doc.name, slotRule,
    W: fields.W, H: fields.H, ...(C === undefined ? {} : { C }), Lcal: fields.Lcal, chunk: fields.chunk, blk: fields.blk,
    kvBlocks: fields.kvBlocks, maxSlots: fields.maxSlots, costPerHour: fields.costPerHour,
    power: parsePower(doc.power, file, (obj, f, r) => num(obj, f, `power.${f}`, r)),
  };
}

function parsePower(power: unknown, file: string,
  num: (obj: Record<string, unknown>, field: string, range: Range) => number): PowerModel {
  if (!isObject(power)) badInput(file, "power", power, 'must be an object with kind "logistic" or "computed"');
  const fields = power.kind === "logistic" ? LOGISTIC_FIELDS : power.kind === "computed" ? COMPUTED_FIELDS : undefined;
  if (!fields) badInput(file, "power.kind", power.kind, 'must be "logistic" or "computed"');
  for (const key of Object.keys(power)) {
    if (key !== "kind" && !(key in fields)) badInput(file, `power.${key}`, power[key], `unknown field; valid: kind, ${Object.keys(fields).join(", ")}`);
  }
  const v = Object.fromEntries(Object.entries(fields).map(([f, r]) => [f, num(power, f, r)]));
  if (power.kind === "computed") return { kind: "computed", tdp: v.tdp, activeParams: v.activeParams, tp: v.tp, fp16Flops: v.fp16Flops };
  if (v.pNom < v.pIdle) badInput(file, "power.pNom", v.pNom, `below power.pIdle = ${v.pIdle}; the curve must rise with the batch`);
  return { kind: "logistic", pIdle: v.pIdle, pNom: v.pNom, k: v.k, x0: v.x0 };
}

function unitFactors(units: unknown, file: string): Record<string, number> {
  if (units === undefined) return {};
  if (!isObject(units)) badInput(file, "units", units, "must be an object of field: unit");
  const out: Record<string, number> = {};
  for (const [field, unit] of Object.entries(units)) {
    const accepted = UNITS[field];
    if (!accepted) badInput(file, `units.${field}`, unit, `no such field with a unit; valid: ${Object.keys(UNITS).join(", ")}`);
    const factor = typeof unit === "string" ? accepted[unit] : undefined;
    if (factor === undefined) badInput(file, `units.${field}`, unit, `unsupported unit; valid: ${Object.keys(accepted).join(", ")}`);
    out[field] = factor;
  }
  return out;
}

/** A finite number, converted to base units by `factor`, then checked against its range. */
function checkedNumber(file: string, field: string, raw: unknown, factor: number, r: Range): number {
  if (raw === undefined) badInput(file, field, raw, "required field is missing");
  if (typeof raw !== "number" || !Number.isFinite(raw)) badInput(file, field, raw, "must be a finite number");
  const v = raw * factor;
  const base = factor === 1 ? "" : ` (in base units: ${v})`;
  if (r.integer && !Number.isInteger(v)) badInput(file, field, raw, "must be a whole number");
  if (v < r.min || (v === r.min && r.minInclusive === false)) {
    badInput(file, field, raw, `must be ${r.minInclusive === false ? ">" : ">="} ${r.min}${base}`);
  }
  if (r.max !== undefined && v > r.max) badInput(file, field, raw, `must be <= ${r.max}${base}${r.hint ? ` (${r.hint})` : ""}`);
  return v;
}
