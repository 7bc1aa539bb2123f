// What `wattsweep init DIR` writes: a folder where sweeps are TypeScript files run by the
// installed wattsweep, and `npm run typecheck` checks them against the package's types
// (resolved through its package.json "exports", as tsc's NodeNext resolution does).

export interface ScaffoldFile {
  path: string;
  text: string;
}

/** npm's rules for a package name, applied to the folder's name (lower case, no spaces). */
export function packageNameFor(folder: string): string {
  const name = folder.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[._-]+|-+$/g, "");
  return name === "" ? "wattsweep-study" : name.slice(0, 214);
}

const EXAMPLE_SWEEP = `// An example sweep: tok/W by context window on two GPUs, with power uncertain by ±15 %
// (one draw per GPU type), and how much better the B200 does per sample.
//   npx wattsweep describe sweeps/example.ts    grid, samples, time and memory
//   npx wattsweep run sweeps/example.ts         bands into results/example (csv, arrow, parquet)
// Edit the grid, the uncertain parameters or the samples; \`npm run typecheck\` checks it.
import { defineSweep, log2Range, plusMinus, profiles, ratio } from "wattsweep";

export default defineSweep({
  name: "example",
  grid: {
    ctx: log2Range(4096, 65536),
    gpu: profiles("h100-80gb", "b200-projected"),
  },
  uncertain: {
    power_factor: { target: "power_scale", dist: plusMinus(0.15), vary: "perGpu" },
  },
  samples: 2000,
  method: "latinHypercube",
  seed: 1,
  derived: {
    b200_gain: ratio("tok_per_w", { gpu: "b200-projected" }, { gpu: "h100-80gb" }),
  },
});
`;

/** The files of a new sweep folder named `name`, depending on wattsweep `version`. */
export function scaffoldFiles(name: string, version: string, typescript: string, typesNode: string): ScaffoldFile[] {
  const pkg = {
    name: packageNameFor(name),
    private: true,
    type: "module",
    scripts: {
      describe: "wattsweep describe sweeps/example.ts",
      sweep: "wattsweep run sweeps/example.ts --points",
      typecheck: "tsc --noEmit",
    },
    dependencies: { wattsweep: `^${version}` },
    devDependencies: { "@types/node": typesNode, typescript },
  };
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noEmit: true,
      allowImportingTsExtensions: true,
      skipLibCheck: true,
      types: ["node"],
    },
    include: ["sweeps"],
  };
  return [
    { path: "package.json", text: JSON.stringify(pkg, null, 2) + "\n" },
    { path: "tsconfig.json", text: JSON.stringify(tsconfig, null, 2) + "\n" },
    { path: "sweeps/example.ts", text: EXAMPLE_SWEEP },
    { path: ".gitignore", text: "node_modules/\nresults/\n" },
    {
      path: "README.md",
      text: `# ${name}\n\nSweeps of the 1/W law with wattsweep.\n\n` +
        "```\nnpm install\nnpx wattsweep describe sweeps/example.ts\nnpx wattsweep run sweeps/example.ts --points\nnpm run typecheck\n```\n\n" +
        "Results go to `results/<sweep name>/`: `bands.csv`, `.arrow`, `.parquet` (one row per grid point with mean, sd and " +
        "quantiles), `points.*` (every sample, with `--points`) and `manifest.json`.\n",
    },
  ];
}
