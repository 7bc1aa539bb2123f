// A sweep file compiled before is not compiled again while it and every file it bundles are
// unchanged (definition/compileCache.ts); a change to any of them compiles it anew, and a
// cache folder another user could write to is not used.
import { chmodSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSweepFile } from "../../src/definition/compile.ts";
import { moduleDir } from "./helpers.ts";

const cacheDir = () => join(tmpdir(), `wattsweep-compiled-${process.getuid?.() ?? "user"}`);

describe("compiled sweep files kept between runs", () => {
  it("reuse the code while the file and what it imports are unchanged, and compile again after either changes", async () => {
    const dir = moduleDir();
    const main = join(dir, "main.ts");
    const part = join(dir, "part.ts");
    writeFileSync(part, "export const samples: number = 10;\n");
    writeFileSync(main, 'import { samples } from "./part.ts";\nexport default { samples };\n');
    const compile = () => compileSweepFile(main, readFileSync(main));

    const first = await compile();
    const entries = readdirSync(cacheDir()).filter((f) => f.endsWith(".json"));
    const entry = entries.find((f) => readFileSync(join(cacheDir(), f), "utf8").includes(JSON.stringify(part)))!;
    expect(entry).toBeDefined();
    // a kept entry is what the next compile returns: planted code shows it was used
    const kept = JSON.parse(readFileSync(join(cacheDir(), entry), "utf8"));
    writeFileSync(join(cacheDir(), entry), JSON.stringify({ ...kept, code: `${kept.code}// kept\n` }));
    expect(await compile()).toBe(`${first}// kept\n`);

    // an imported file changed: compiled anew, with its new value
    writeFileSync(part, "export const samples: number = 20;\n");
    const changed = await compile();
    expect(changed).toContain("20");
    expect(changed).not.toContain("// kept");
    // the sweep file changed: another entry
    writeFileSync(main, 'import { samples } from "./part.ts";\nexport default { samples, seed: 3 };\n');
    expect(await compile()).toContain("seed: 3");
  });

  it("leaves a cache folder others may write to alone", async () => {
    const dir = moduleDir();
    const main = join(dir, "open.ts");
    writeFileSync(main, "export default { samples: 4 };\n");
    await compileSweepFile(main, readFileSync(main)); // the folder is there
    writeFileSync(main, "export default { samples: 5 };\n");
    chmodSync(cacheDir(), 0o777);
    try {
      const before = readdirSync(cacheDir()).length;
      expect(await compileSweepFile(main, readFileSync(main))).toContain("samples: 5");
      expect(readdirSync(cacheDir()).length).toBe(before);
    } finally {
      chmodSync(cacheDir(), 0o700);
    }
  });
});
