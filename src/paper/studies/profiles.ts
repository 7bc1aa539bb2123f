// The profiles the studies compare, with the labels figures and the report use.

export const H100 = "h100-80gb";
export const B200_V1 = "b200-projected";
export const B200_V2 = "b200-measured";

export const PROFILE_LABELS: Readonly<Record<string, string>> = {
  [H100]: "H100",
  [B200_V1]: "B200 v1 (projected)",
  // v2's power curve is anchored to one measured point at batch 1, not fitted to measurements
  [B200_V2]: "B200 v2 (power anchored at batch 1)",
};

/** Line colours per profile, shared by every figure. */
export const PROFILE_COLORS: Readonly<Record<string, string>> = {
  [H100]: "#1f77b4",
  [B200_V1]: "#d62728",
  [B200_V2]: "#2ca02c",
};

/** Table 3's GPU labels and the profiles behind them. */
export const TABLE3_GPU_PROFILE: Readonly<Record<string, string>> = { H100, B200: B200_V1 };
