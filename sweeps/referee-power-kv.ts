// The referee's KV-correlated power (docs/model.md §11.1): alpha of tok/W ∝ ctx^-alpha over 4K–64K
// and 2K–128K for H100 and both B200 profiles, beta 0–0.20 (±50 % around each value),
// with the power factor ±15 % per GPU and the B200 projection's W and H ±20 %.
// `wattsweep run sweeps/referee-power-kv.ts`; options: `powerKvSweep` in the wattsweep package
import { powerKvSweep } from "wattsweep";

export default powerKvSweep();
