// The package's public API: `import { defineSweep, log2Range, profiles, uniform } from "wattsweep"`.
export * from "./sweep/index.ts";
export { InputError } from "./errors.ts";
export { fromCalibration, type FromCalibrationOptions } from "./calibrate/fromCalibration.ts";
export {
  namedProfiles, profileByName, gpuByName, modelByName, b200Profile, singleGpuPoint, nSlots, iterLatency, powerAt,
  type Profile, type SingleGpuPoint,
} from "./model/index.ts";
