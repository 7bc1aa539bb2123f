// The package's public API: `import { defineSweep, log2Range, profiles, uniform } from "wattsweep"`.
export * from "./sweep/index.ts";
export { InputError } from "./errors.ts";
export { fromCalibration, type FromCalibrationOptions } from "./calibrate/fromCalibration.ts";
export {
  namedProfiles, profileByName, gpuByName, modelByName, b200Profile, singleGpuPoint, nSlots, iterLatency, powerAt,
  gpuProfile, modelProfile, resolveProfile, logisticPower, kvPowerFactor, BETA_REFERENCE_CTX,
  type Profile, type SingleGpuPoint,
} from "./model/index.ts";
/** The referee studies' sweeps, with options: `export default monteCarloSweep({ samples: 5000 })`. */
export * from "./paper/studies/sweeps.ts";
