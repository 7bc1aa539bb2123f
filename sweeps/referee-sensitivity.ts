// Which uncertain input drives the variance of Table 3's gains (Sobol' indices, N = 8192 base
// samples): the power factor per GPU, the B200 projection's W, H and power.
// `wattsweep run sweeps/referee-sensitivity.ts` → indices.csv; options: `sensitivitySweep` in the wattsweep package
import { sensitivitySweep } from "wattsweep";

export default sensitivitySweep();
