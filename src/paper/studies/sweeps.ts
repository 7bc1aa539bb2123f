// The referee studies' sweep definitions, as the package exports them for sweeps/*.ts.
export { monteCarloSweep, type MonteCarloOptions } from "./monteCarlo.ts";
export { powerKvSweep, type PowerKvOptions } from "./powerKv.ts";
export { samplerNoiseSweep, type SamplerNoiseOptions } from "./samplerNoise.ts";
export { alphaSensitivitySweep, sensitivitySweep, type SensitivityStudyOptions } from "./sensitivity.ts";
