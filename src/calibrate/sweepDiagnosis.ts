// Can the roofline family (iter = W + H·load, W, H >= 0) explain a context sweep, and if
// not, how does it fail? Three criteria, each stated in what the report prints:
//  1. a bound that binds where the unconstrained fit is negative by more than two standard
//     errors: the data ask for a negative latency term;
//  2. the direction of the iteration time against the KV load: the family cannot make
//     iter fall faster than the load (nor at all while the load rises);
//  3. an F test of the nested per-sequence extension (iter = W + H·load + C·n) at the 1 %
//     level: structure the roofline leaves in the residuals that one more term removes.
import { contextLabel } from "./alpha.ts";
import { logLogFit } from "../numeric/logLog.ts";
import { fUpperTail } from "./stats.ts";
import type { IterationFit } from "./sweepFit.ts";

/** The significance level at which the per-sequence extension counts as supported. */
export const EXTENSION_LEVEL = 0.01;
/** |t| beyond which an unconstrained estimate counts as clearly negative. */
const NEGATIVE_T = 2;

export interface ExtensionTest {
  /** F statistic of the nested models and its degrees of freedom */
  f: number;
  d1: number;
  d2: number;
  p: number;
  /** p < EXTENSION_LEVEL and the extension's C > 0 */
  supported: boolean;
  sigmaRoofline: number;
  sigmaExtended: number;
}

export interface Diagnosis {
  /** no criterion found evidence against the roofline family */
  fits: boolean;
  findings: string[];
  /** the residual signs by ascending context, e.g. "+ + − − − + +" */
  residualSigns: string;
  extension: ExtensionTest;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const sci = (x: number) => x.toPrecision(3);

/** F test of the roofline (restricted) against the per-sequence extension (full). */
export function extensionTest(roof: IterationFit, ext: IterationFit): ExtensionTest {
  const d1 = ext.freeParams - roof.freeParams;
  const d2 = ext.points.length - ext.freeParams;
  const f = d1 > 0 && d2 > 0 ? (roof.rss - ext.rss) / d1 / (ext.rss / d2) : 0;
  const p = d1 > 0 && d2 > 0 ? fUpperTail(f, d1, d2) : 1;
  const c = ext.params.find((q) => q.name === "C")!;
  return { f, d1, d2, p, supported: p < EXTENSION_LEVEL && c.value > 0, sigmaRoofline: roof.sigma, sigmaExtended: ext.sigma };
}

/**
 * With W, H >= 0, d ln iter / d ln load lies in [0, 1]: the iteration time cannot fall
 * faster than the load does, and cannot fall at all while the load rises. Across the sweep,
 * the log-log slope of iter on ctx must then be at least min(0, the slope of load on ctx);
 * it counts against the family when it is below that by more than two standard errors (of
 * its own regression, so the noise is the data's, not a misfitting model's).
 */
function direction(roof: IterationFit): string | undefined {
  const pts = [...roof.points].sort((a, b) => a.ctx - b.ctx);
  const ctx = pts.map((p) => p.ctx);
  const iter = logLogFit(ctx, pts.map((p) => p.iter));
  const load = logLogFit(ctx, pts.map((p) => p.load));
  if (!(iter.dof > 0 && iter.slope < Math.min(0, load.slope) - NEGATIVE_T * iter.stderr)) return undefined;
  const first = pts[0];
  const last = pts[pts.length - 1];
  const dLoad = last.load / first.load - 1;
  const loadWords = Math.abs(dLoad) < 0.5 ? `at nearly constant KV load (load ${dLoad >= 0 ? "+" : ""}${pct(dLoad)})`
    : `faster than the KV load (load ${dLoad >= 0 ? "+" : ""}${pct(dLoad)})`;
  return `iteration time falls as the context grows ${loadWords}: n/tok_s goes from ${sci(first.iter * 1000)} ms at `
    + `${contextLabel(first.ctx)} (n ${first.n}) to ${sci(last.iter * 1000)} ms at ${contextLabel(last.ctx)} (n ${last.n}), `
    + `log-log slope ${iter.slope.toFixed(3)} ± ${iter.stderr.toFixed(3)} against load's ${load.slope.toFixed(3)}; `
    + "W + H·load with W, H >= 0 cannot fall faster than the load";
}

export function diagnose(roof: IterationFit, ext: IterationFit): Diagnosis {
  const findings: string[] = [];
  for (const q of roof.params) {
    const open = roof.unconstrained?.find((u) => u.name === q.name);
    if (q.atBound && open && open.value < 0 && open.value / open.stderr < -NEGATIVE_T) {
      findings.push(`${q.name} is pinned at its bound 0: unconstrained, ${q.name} = ${sci(open.value)} ± ${sci(open.stderr)} s `
        + `(t = ${(open.value / open.stderr).toFixed(1)}), a negative latency term`);
    }
  }
  const dir = direction(roof);
  if (dir) findings.push(dir);
  const test = extensionTest(roof, ext);
  if (test.p < EXTENSION_LEVEL) {
    findings.push(`a per-sequence term C·n leaves ${pct(test.sigmaExtended)} residual scatter where the roofline leaves `
      + `${pct(test.sigmaRoofline)}: F(${test.d1}, ${test.d2}) = ${test.f.toFixed(1)}, p = ${test.p.toPrecision(2)} < ${EXTENSION_LEVEL}`);
  }
  const signs = [...roof.points].sort((a, b) => a.ctx - b.ctx || a.line - b.line).map((p) => (p.relResidual >= 0 ? "+" : "−")).join(" ");
  return { fits: findings.length === 0, findings, residualSigns: signs, extension: test };
}
