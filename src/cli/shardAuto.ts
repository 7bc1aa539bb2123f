// `--shard auto`: the shard K/N from the array index and count that batch systems and CI
// runners put in the environment, so one command line serves every task of an array.
import { InputError } from "../errors.ts";

type Env = Readonly<Record<string, string | undefined>>;

const int = (env: Env, name: string): number | undefined => {
  const v = env[name];
  if (v === undefined || v === "") return undefined;
  if (!/^\d+$/.test(v)) throw new InputError(`--shard auto: ${name} = ${JSON.stringify(v)}: not a whole number`);
  return Number(v);
};

/** Each source: its environment variables, and K (1-based) and N from them. */
const SOURCES: ReadonlyArray<{ name: string; read: (env: Env) => [number, number] | undefined }> = [
  {
    name: "WATTSWEEP_SHARD=K/N",
    read: (env) => {
      const v = env.WATTSWEEP_SHARD;
      if (v === undefined) return undefined;
      const m = /^(\d+)\/(\d+)$/.exec(v);
      if (!m) throw new InputError(`--shard auto: WATTSWEEP_SHARD = ${JSON.stringify(v)}: must be K/N`);
      return [Number(m[1]), Number(m[2])];
    },
  },
  {
    // Slurm job arrays: --array=0-15 or 1-16; the index counts from SLURM_ARRAY_TASK_MIN
    name: "SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT",
    read: (env) => {
      const id = int(env, "SLURM_ARRAY_TASK_ID");
      const count = int(env, "SLURM_ARRAY_TASK_COUNT");
      if (id === undefined || count === undefined) return undefined;
      return [id - (int(env, "SLURM_ARRAY_TASK_MIN") ?? 0) + 1, count];
    },
  },
  {
    // Kubernetes Indexed Jobs set the 0-based index; the count (spec.completions) is not in the environment
    name: "JOB_COMPLETION_INDEX, WATTSWEEP_SHARD_COUNT",
    read: (env) => {
      const index = int(env, "JOB_COMPLETION_INDEX");
      if (index === undefined) return undefined;
      const count = int(env, "WATTSWEEP_SHARD_COUNT");
      if (count === undefined) throw new InputError("--shard auto: JOB_COMPLETION_INDEX is set; also set WATTSWEEP_SHARD_COUNT to the job's completions");
      return [index + 1, count];
    },
  },
  { name: "CI_NODE_INDEX, CI_NODE_TOTAL (GitLab)", read: (env) => pair(env, "CI_NODE_INDEX", "CI_NODE_TOTAL", 1) },
  { name: "CIRCLE_NODE_INDEX, CIRCLE_NODE_TOTAL", read: (env) => pair(env, "CIRCLE_NODE_INDEX", "CIRCLE_NODE_TOTAL", 0) },
  { name: "BUILDKITE_PARALLEL_JOB, BUILDKITE_PARALLEL_JOB_COUNT", read: (env) => pair(env, "BUILDKITE_PARALLEL_JOB", "BUILDKITE_PARALLEL_JOB_COUNT", 0) },
];

function pair(env: Env, index: string, total: string, base: number): [number, number] | undefined {
  const i = int(env, index);
  const n = int(env, total);
  return i === undefined || n === undefined ? undefined : [i - base + 1, n];
}

/** K/N from the first source present in `env`; fails naming the variables it looked for. */
export function shardFromEnvironment(env: Env = process.env): [number, number] {
  for (const source of SOURCES) {
    const found = source.read(env);
    if (found === undefined) continue;
    const [k, n] = found;
    if (!(n >= 1 && k >= 1 && k <= n)) throw new InputError(`--shard auto: ${source.name} give shard ${k}/${n}, not 1 <= K <= N`);
    return found;
  }
  throw new InputError(`--shard auto: no shard index in the environment; set one of: ${SOURCES.map((s) => s.name).join("; ")}`);
}
