// The referee's Monte Carlo (docs/model.md §11.2) through all of Table 3, each fleet re-sized per
// sample: power factor ±15 % per GPU type (independent and shared draws) and the B200
// projection ±20 % (on its W and H, or on its power), with routing, generation and combined
// gains and the fraction of samples in which routing beats generation.
// `wattsweep run sweeps/referee-montecarlo.ts`; options: `monteCarloSweep` in the wattsweep package
import { monteCarloSweep } from "wattsweep";

export default monteCarloSweep();
