// Which uncertain input drives the variance of the exponent alpha (Sobol' indices, N = 8192):
// beta and the power factor per GPU, the B200 projection's W and H.
// `wattsweep run sweeps/referee-sensitivity-alpha.ts`; options: `alphaSensitivitySweep` in the wattsweep package
import { alphaSensitivitySweep } from "wattsweep";

export default alphaSensitivitySweep();
