import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.ts";
import {
  computedProfile, GPUS, loadProfileFile, MODELS, namedProfiles, parseProfile, profileToJson, resolveProfile, writeProfileFile,
} from "../../src/model/index.ts";

const dir = mkdtempSync(join(tmpdir(), "wattsweep-profile-"));

describe("profile JSON files", () => {
  it("round-trip every catalog profile and a computed one exactly", () => {
    const all = { ...namedProfiles(), computed: computedProfile(GPUS.h100, MODELS["llama-3.1-8b"], { tp: 1, dtype: 2, meanCtx: 4096, blk: 16 }) };
    for (const [key, p] of Object.entries(all)) {
      const path = join(dir, `${key}.json`);
      writeProfileFile(path, p, { note: "test" });
      // a computed profile's provenance (gpu, model, ...) is not part of a profile file
      const { name, slotRule, W, H, Lcal, chunk, blk, kvBlocks, maxSlots, costPerHour, power } = p;
      expect(loadProfileFile(path)).toEqual({ name, slotRule, W, H, Lcal, chunk, blk, kvBlocks, maxSlots, costPerHour, power });
    }
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("converts units named in the file to base units", () => {
    const doc = JSON.parse(profileToJson(namedProfiles()["h100-80gb"]));
    doc.units.W = "ms";
    doc.W = 4;
    doc.units.pNom = "kW";
    doc.power.pNom = 0.6;
    const p = parseProfile(doc, "u.json");
    expect(p.W).toBeCloseTo(0.004, 15);
    expect(p.power.kind === "logistic" && p.power.pNom).toBeCloseTo(600, 12);
  });

  const base = () => JSON.parse(profileToJson(namedProfiles()["h100-80gb"]));
  const cases: Array<[string, (d: Record<string, any>) => void, RegExp]> = [
    ["missing field", (d) => delete d.kvBlocks, /p\.json: kvBlocks = \(missing\): required field is missing/],
    ["string number", (d) => (d.W = "0.004"), /p\.json: W = "0.004": must be a finite number/],
    ["negative", (d) => (d.H = -1), /H = -1: must be >= 0/],
    ["fractional blocks", (d) => (d.kvBlocks = 100.5), /kvBlocks = 100.5: must be a whole number/],
    ["W over 10 s (ms without units)", (d) => (d.W = 40), /W = 40: must be <= 10 \(more than 10 s per decode iteration; if the value is in ms, say so in units\)/],
    ["unknown unit", (d) => (d.units.W = "min"), /units\.W = "min": unsupported unit; valid: s, ms, us/],
    ["typo in a field", (d) => (d.kvblocks = 1), /kvblocks = 1: unknown field/],
    ["power falls", (d) => (d.power.pNom = 200), /power\.pNom = 200: below power\.pIdle = 300/],
    ["power kind", (d) => (d.power.kind = "cubic"), /power\.kind = "cubic": must be "logistic" or "computed"/],
    ["wrong format", (d) => (d.format = "other"), /format = "other": must be "wattsweep-profile"/],
    ["no name", (d) => (d.name = ""), /name = "": must be a non-empty string/],
  ];
  for (const [what, mutate, re] of cases) {
    it(`rejects a file with ${what}, naming file and field`, () => {
      const doc = base();
      mutate(doc);
      expect(() => parseProfile(doc, "p.json")).toThrow(InputError);
      expect(() => parseProfile(doc, "p.json")).toThrow(re);
    });
  }

  it("rejects text that is not JSON", () => {
    const path = join(dir, "bad.json");
    writeFileSync(path, "W = 0.004\n");
    expect(() => loadProfileFile(path)).toThrow(/bad\.json: not a profile JSON file/);
  });

  it("resolves catalog names and files for --profile", () => {
    expect(resolveProfile("b200-projected")).toEqual(namedProfiles()["b200-projected"]);
    const path = join(dir, "h100-80gb.json");
    expect(resolveProfile(path).name).toBe("H100-80GB");
    expect(() => resolveProfile("b300")).toThrow(/unknown profile "b300"; valid: .*b200-projected.*; or give a profile JSON file/);
    expect(() => resolveProfile(join(dir, "nope.json"))).toThrow(/nope\.json: cannot read profile: no such file/);
    expect(JSON.parse(readFileSync(path, "utf8")).calibration).toEqual({ note: "test" });
  });
});
