// The built CLI lays out yargs' help with src/cli/displayWidth.ts in place of the string-width
// package (scripts/build.mjs); from src/ (here) yargs uses string-width itself. The two must
// agree on everything the CLI prints (in English: cli/main.ts fixes yargs' locale), or the
// built binary's help would be laid out otherwise.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
// the copy yargs itself imports; cliui and wrap-ansi, which lay out the help, each resolve their own
import stringWidth from "string-width";
import displayWidth from "../../src/cli/displayWidth.ts";
import { COMMANDS } from "../../src/cli/commands.ts";
import { cli } from "../helpers.ts";

/** The string-width a package of yargs' help layout imports, resolved as that package resolves it. */
async function widthOf(pkg: string): Promise<(text: string) => number> {
  const require = createRequire(import.meta.url);
  return (await import(pathToFileURL(createRequire(require.resolve(pkg)).resolve("string-width")).href)).default;
}

describe("displayWidth", () => {
  it("gives string-width's width (yargs', cliui's and wrap-ansi's copies) for every line and every character of every command's --help", async () => {
    const references = [stringWidth, await widthOf("cliui"), await widthOf("wrap-ansi")];
    const lines = new Set<string>();
    for (const args of [["--help"], ...Object.keys(COMMANDS).map((c) => [c, "--help"])]) {
      const { code, stdout } = await cli(args);
      expect(code, args.join(" ")).toBe(0);
      for (const line of stdout.split("\n")) lines.add(line);
    }
    expect(lines.size).toBeGreaterThan(100);
    const chars = new Set([...lines].flatMap((l) => [...l]));
    expect([...chars].some((c) => c.codePointAt(0)! > 0x7f), "the help holds non-ASCII characters").toBe(true);
    for (const width of references) {
      for (const text of [...lines, ...chars]) expect(displayWidth(text), JSON.stringify(text)).toBe(width(text));
    }
  });

  it("skips escape sequences and combining marks and counts wide characters twice, as string-width does", () => {
    for (const text of ["", "\u001b[31mred\u001b[0m", "\u001b]8;;https://x.org\u0007link\u001b]8;;\u0007", "e\u0301", "日本語", "ｗｉｄｅ", "한글", "🚀 go", "tab\tand\u0000nul", "× ≤ µ → — ±"]) {
      expect(displayWidth(text), JSON.stringify(text)).toBe(stringWidth(text));
    }
    expect(displayWidth(undefined)).toBe(0);
  });
});
