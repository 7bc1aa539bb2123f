import type { Profile } from "../model/profile.ts";
import { InputError } from "../errors.ts";
import type { KernelInputs } from "./singleGpu.ts";

/**
 * Writes a manual logistic profile's fields into row i of the kernel's input columns,
 * leaving ctx, powerScale and beta to the caller.
 */
export function setProfileRow(inp: KernelInputs, i: number, p: Profile): void {
  if (p.slotRule !== "manual" || p.power.kind !== "logistic") {
    throw new InputError(`profile ${p.name}: the single-GPU kernel needs a manual profile with logistic power`);
  }
  inp.W[i] = p.W;
  inp.H[i] = p.H;
  inp.Lcal[i] = p.Lcal;
  inp.blk[i] = p.blk;
  inp.kvBlocks[i] = p.kvBlocks;
  inp.maxSlots[i] = p.maxSlots;
  inp.pIdle[i] = p.power.pIdle;
  inp.pNom[i] = p.power.pNom;
  inp.k[i] = p.power.k;
  inp.x0[i] = p.power.x0;
}
