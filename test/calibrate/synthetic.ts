// Deterministic synthetic measurements for the calibration tests: a profile's model values
// times (1 + relative Gaussian noise) from a seeded generator, written as CSV text.
import { iterLatency, nSlots, powerAt, type LogisticPower, type Profile } from "../../src/model/index.ts";

/** mulberry32: a small seeded uniform generator, enough for test noise. */
function uniforms(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box–Muller). */
export function normals(seed: number): () => number {
  const u = uniforms(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** `batch,per_gpu_power_w` rows: `repeats` readings per batch with relative noise. */
export function powerCsv(p: Profile, batches: number[], repeats: number, noise: number, seed: number): string {
  const z = normals(seed);
  const rows = batches.flatMap((n) => Array.from({ length: repeats }, () => `${n},${round2(powerAt(p, n) * (1 + noise * z()))}`));
  return ["batch,per_gpu_power_w", ...rows].join("\n") + "\n";
}

/**
 * `context_tokens,n_max,decode_tok_s,per_gpu_power_w` at the profile's n_max per context,
 * throughput from its W and H, power from `power` (default its own curve).
 */
export function sweepCsv(p: Profile, contexts: number[], noise: { tokS: number; power: number }, seed: number,
  power: LogisticPower | undefined = undefined): string {
  const z = normals(seed);
  const watts = { ...p, power: power ?? p.power };
  const rows = contexts.map((ctx) => {
    const n = nSlots(p, ctx);
    const tokS = (n / iterLatency(p, n, Math.floor(ctx / 2))) * (1 + noise.tokS * z());
    return `${ctx},${n},${round2(tokS)},${round2(powerAt(watts, n) * (1 + noise.power * z()))}`;
  });
  return ["context_tokens,n_max,decode_tok_s,per_gpu_power_w", ...rows].join("\n") + "\n";
}
