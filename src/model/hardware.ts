/** One GPU of the hardware catalog (docs/model.md §3). */
export interface GpuSpec {
  key: string;
  name: string;
  /** memory bandwidth, B/s */
  memBw: number;
  /** memory, bytes */
  memCapacity: number;
  /** dense FLOP/s */
  fp16Flops: number;
  /** dense FLOP/s; 0 where the GPU has no fp8 */
  fp8Flops: number;
  /** W */
  tdp: number;
  /** $ per GPU-hour */
  costPerHour: number;
}

/** Datasheet figures as the reference planner uses them (docs/model.md §3). */
const DATASHEETS: readonly GpuSpec[] = [
  { key: "a100", name: "A100-SXM", memBw: 2.039e12, memCapacity: 85899345920, fp16Flops: 312e12, fp8Flops: 0, tdp: 400, costPerHour: 2.21 },
  { key: "l40s", name: "L40S", memBw: 0.864e12, memCapacity: 51539607552, fp16Flops: 362e12, fp8Flops: 733e12, tdp: 350, costPerHour: 1.8 },
  { key: "b60", name: "B60", memBw: 0.456e12, memCapacity: 25769803776, fp16Flops: 98e12, fp8Flops: 0, tdp: 200, costPerHour: 1.0 },
  { key: "h100", name: "H100-SXM", memBw: 3.35e12, memCapacity: 85899345920, fp16Flops: 989e12, fp8Flops: 1978e12, tdp: 700, costPerHour: 4.02 },
  { key: "h200", name: "H200-SXM", memBw: 4.8e12, memCapacity: 151397597184, fp16Flops: 989e12, fp8Flops: 1978e12, tdp: 700, costPerHour: 6.0 },
  { key: "b200", name: "B200-SXM", memBw: 8.0e12, memCapacity: 193273528320, fp16Flops: 2250e12, fp8Flops: 4500e12, tdp: 1000, costPerHour: 8.0 },
  { key: "gb200", name: "GB200", memBw: 8.0e12, memCapacity: 214748364800, fp16Flops: 2500e12, fp8Flops: 5000e12, tdp: 1200, costPerHour: 10.0 },
  { key: "gb300", name: "GB300", memBw: 8.0e12, memCapacity: 321122547712, fp16Flops: 2500e12, fp8Flops: 5000e12, tdp: 1400, costPerHour: 12.0 },
];

export const GPUS: Readonly<Record<string, GpuSpec>> = Object.fromEntries(DATASHEETS.map((g) => [g.key, g]));

/** Achievable fraction of peak memory bandwidth. */
export const BW_EFFICIENCY = 0.8;
/** Seconds of kernel-launch overhead per transformer layer per iteration. */
export const LAYER_OVERHEAD_S = 3e-6;
/** Bytes NCCL reserves per GPU, by tensor-parallel degree. */
export const NCCL_WORKSPACE: Readonly<Record<number, number>> = { 1: 0, 2: 358612992, 4: 411041792, 8: 411041792 };

export function effectiveBandwidth(g: GpuSpec): number {
  return g.memBw * BW_EFFICIENCY;
}
