// The CLI's own behaviour, in-process: help on stdout, yargs' complaints as one-line bad
// input (exit 2), and no state carried from one call to the next.
import { describe, expect, it } from "vitest";
import { cli } from "../helpers.ts";

describe("cliMain", () => {
  it("--help lists every command on stdout, exit 0", async () => {
    const r = await cli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    for (const c of ["paper", "profile", "list <what>", "run <file>", "merge <dirs..>", "describe <file>", "calibrate", "validate", "fleet"]) {
      expect(r.stdout).toContain(`wattsweep ${c}`);
    }
  });

  const bad: Array<[string, string[], string]> = [
    ["no command", [], "wattsweep: name a command (see --help)\n"],
    ["an unknown flag", ["list", "gpus", "--colour"], "wattsweep: unknown argument --colour (see --help for the options)\n"],
    ["a value outside the choices", ["list", "cpus"], 'wattsweep: Invalid values: Argument: what, Given: "cpus", Choices: "gpus", "models", "profiles"\n'],
    ["a missing required option", ["fleet"], "wattsweep: Missing required argument: cdf\n"],
  ];
  for (const [what, args, line] of bad) {
    it(`${what}: one line, exit 2, nothing on stdout`, async () => {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(line);
      expect(r.stdout).toBe("");
    });
  }

  it("speaks English whatever the locale: yargs' messages as wattsweep's own (unknown arguments are read in English)", async () => {
    const saved = { LC_ALL: process.env.LC_ALL, LANG: process.env.LANG };
    try {
      process.env.LC_ALL = process.env.LANG = "de_DE.UTF-8";
      expect((await cli(["fleet"])).stderr).toBe("wattsweep: Missing required argument: cdf\n");
      expect((await cli(["list", "gpus", "--colour"])).stderr).toBe("wattsweep: unknown argument --colour (see --help for the options)\n");
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it("one call's options do not leak into the next", async () => {
    expect((await cli(["profile", "--profile", "h100-80gb", "--ctx", "8K"])).code).toBe(0);
    const r = await cli(["profile", "--ctx", "8K"]);
    expect(r.code, r.stderr).toBe(0);
    // without --profile: the default GPU and model's computed profile, not the catalog one before
    expect(r.stdout).toMatch(/^profile H100-SXM\/Llama-3\.1-70B\/TP8\/fp16: .*\nparams /);
  });
});
