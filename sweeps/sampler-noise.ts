// The paper's own Monte Carlo noise (docs/model.md §11.3): Table 3 with the 3000-draw reference
// sampler for CPython seeds 0–199 (the paper's digits are seed 42).
// `wattsweep run sweeps/sampler-noise.ts`; options: `samplerNoiseSweep` in the wattsweep package
import { samplerNoiseSweep } from "wattsweep";

export default samplerNoiseSweep();
