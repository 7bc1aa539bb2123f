import type { Profile } from "../model/profile.ts";
import { InputError } from "../errors.ts";
import type { KernelInputs } from "./singleGpu.ts";

/**
 * Writes a profile's fields into row i of the kernel's input columns, leaving ctx,
 * powerScale and beta to the caller.
 */
export function setProfileRow(inp: KernelInputs, i: number, p: Profile): void {
  inp.slotRule[i] = p.slotRule === "manual" ? 0 : 1;
  const pw = p.power;
  if (pw.kind === "computed") {
    inp.tdp[i] = pw.tdp;
    inp.computeCoef[i] = (2 * pw.activeParams) / pw.tp;
    inp.flops[i] = pw.fp16Flops;
    inp.pIdle[i] = inp.pNom[i] = inp.k[i] = inp.x0[i] = 0;
  } else {
    if (pw.pIdle <= 0 || pw.pNom <= 0) throw new InputError(`profile ${p.name} has no power model (P_idle = ${pw.pIdle}, P_nom = ${pw.pNom})`);
    inp.tdp[i] = inp.computeCoef[i] = inp.flops[i] = 0;
    inp.pIdle[i] = pw.pIdle;
    inp.pNom[i] = pw.pNom;
    inp.k[i] = pw.k;
    inp.x0[i] = pw.x0;
  }
  inp.W[i] = p.W;
  inp.H[i] = p.H;
  inp.C[i] = p.C ?? 0;
  inp.Lcal[i] = p.Lcal;
  inp.blk[i] = p.blk;
  inp.kvBlocks[i] = p.kvBlocks;
  inp.maxSlots[i] = p.maxSlots;
}
