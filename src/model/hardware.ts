/** One GPU of the hardware catalog (docs/model.md §3). Bandwidth in B/s, memory in bytes. */
export interface GpuSpec {
  key: string;
  name: string;
  memBw: number;
  memCapacity: number;
  fp16Flops: number;
  fp8Flops: number;
  tdp: number;
  costPerHour: number;
}

function gpu(key: string, name: string, memBw: number, memCapacity: number, fp16Flops: number,
  fp8Flops: number, tdp: number, costPerHour: number): GpuSpec {
  return { key, name, memBw, memCapacity, fp16Flops, fp8Flops, tdp, costPerHour };
}

export const GPUS: Readonly<Record<string, GpuSpec>> = Object.fromEntries(
  [
    gpu("a100", "A100-SXM", 2.039e12, 85899345920, 312e12, 0, 400, 2.21),
    gpu("l40s", "L40S", 0.864e12, 51539607552, 362e12, 733e12, 350, 1.8),
    gpu("b60", "B60", 0.456e12, 25769803776, 98e12, 0, 200, 1.0),
    gpu("h100", "H100-SXM", 3.35e12, 85899345920, 989e12, 1978e12, 700, 4.02),
    gpu("h200", "H200-SXM", 4.8e12, 151397597184, 989e12, 1978e12, 700, 6.0),
    gpu("b200", "B200-SXM", 8.0e12, 193273528320, 2250e12, 4500e12, 1000, 8.0),
    gpu("gb200", "GB200", 8.0e12, 214748364800, 2500e12, 5000e12, 1200, 10.0),
    gpu("gb300", "GB300", 8.0e12, 321122547712, 2500e12, 5000e12, 1400, 12.0),
  ].map((g) => [g.key, g]),
);

/** Achievable fraction of peak memory bandwidth. */
export const BW_EFFICIENCY = 0.8;
/** Seconds of kernel-launch overhead per transformer layer per iteration. */
export const LAYER_OVERHEAD_S = 3e-6;
/** Bytes NCCL reserves per GPU, by tensor-parallel degree. */
export const NCCL_WORKSPACE: Readonly<Record<number, number>> = { 1: 0, 2: 358612992, 4: 411041792, 8: 411041792 };

export function effectiveBandwidth(g: GpuSpec): number {
  return g.memBw * BW_EFFICIENCY;
}
