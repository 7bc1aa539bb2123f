import { describe, expect, it } from "vitest";
import {
  activeParamCount, computedProfile, gpuByName, GPUS, interpolateCurve, kvBytesPerToken, modelByName, modelFromHfConfig,
  MODELS, paramCount, powerAt, MANUAL_PROFILES, profileByName,
} from "../../src/model/index.ts";
import { InputError } from "../../src/errors.ts";

describe("catalogs", () => {
  it("hold the spec's 8 GPUs and 10 models", () => {
    expect(Object.keys(GPUS)).toHaveLength(8);
    expect(Object.keys(MODELS)).toHaveLength(10);
  });
  it("unknown names fail with the valid names", () => {
    expect(() => gpuByName("h101")).toThrow(InputError);
    expect(() => gpuByName("h101")).toThrow(/valid: a100, l40s, b60, h100, h200, b200, gb200, gb300/);
    expect(() => modelByName("gpt-5")).toThrow(/valid: llama-3.1-8b, .*deepseek-v3/);
    expect(() => profileByName("tpu")).toThrow(/valid: h100-80gb, a100-80gb, a10g, b200-projected, b200-measured/);
    expect(gpuByName("H100").key).toBe("h100");
  });
});

describe("Hugging Face config.json import", () => {
  // Field names and values as in the public config.json files of these models.
  const llama8b = {
    model_type: "llama", num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 8, hidden_size: 4096,
    intermediate_size: 14336, vocab_size: 128256, torch_dtype: "bfloat16",
  };
  const qwenMoe = {
    model_type: "qwen3_moe", num_hidden_layers: 94, num_attention_heads: 64, num_key_value_heads: 4, hidden_size: 4096,
    intermediate_size: 12288, vocab_size: 151936, num_experts: 128, moe_intermediate_size: 1536, num_experts_per_tok: 8,
  };
  it("gives the catalog's architecture for Llama-3.1-8B", () => {
    const m = modelFromHfConfig(llama8b, "config.json");
    expect(paramCount(m)).toBe(paramCount(MODELS["llama-3.1-8b"]));
    expect(kvBytesPerToken(m, 2)).toBe(kvBytesPerToken(MODELS["llama-3.1-8b"], 2));
  });
  it("reads MoE fields, so a computed profile matches the catalog model's", () => {
    const m = modelFromHfConfig(qwenMoe, "config.json");
    expect(activeParamCount(m)).toBe(activeParamCount(MODELS["qwen3-235b-a22b"]));
    const cfg = { tp: 8, dtype: 2, meanCtx: 4096 };
    const a = computedProfile(GPUS.h100, m, cfg);
    const b = computedProfile(GPUS.h100, MODELS["qwen3-235b-a22b"], cfg);
    expect([a.W, a.H, a.kvBlocks]).toEqual([b.W, b.H, b.kvBlocks]);
  });
  it("defaults kv heads to attention heads and accepts DeepSeek's expert names", () => {
    const { num_key_value_heads: _, ...noKv } = llama8b;
    expect(modelFromHfConfig(noKv, "c.json").kvHeads).toBe(32);
    const ds = modelFromHfConfig({ num_hidden_layers: 61, num_attention_heads: 128, num_key_value_heads: 128, hidden_size: 7168,
      intermediate_size: 18432, vocab_size: 129280, n_routed_experts: 256, n_shared_experts: 1, moe_intermediate_size: 2048,
      num_experts_per_tok: 8 }, "ds.json");
    expect([ds.experts, ds.shared, ds.topk]).toEqual([256, 1, 8]);
  });
  it("names the file, field and value of bad input", () => {
    const { hidden_size: _, ...noHidden } = llama8b;
    expect(() => modelFromHfConfig(noHidden, "cfg.json")).toThrow("cfg.json: hidden_size = (missing): required field is missing");
    expect(() => modelFromHfConfig({ ...llama8b, num_hidden_layers: -3 }, "cfg.json")).toThrow("cfg.json: num_hidden_layers = -3");
    expect(() => modelFromHfConfig({ ...llama8b, vocab_size: "big" }, "cfg.json")).toThrow('vocab_size = "big"');
    expect(() => modelFromHfConfig([], "cfg.json")).toThrow(/expected a JSON object/);
    const { moe_intermediate_size: __, ...noMoeInter } = qwenMoe;
    expect(() => modelFromHfConfig(noMoeInter, "moe.json")).toThrow(/moe_intermediate_size/);
  });
});

describe("computed profiles", () => {
  it("reject TP without an NCCL entry, non-integer TP and unknown dtype", () => {
    const m = MODELS["llama-3.1-70b"];
    expect(() => computedProfile(GPUS.h100, m, { tp: 3, dtype: 2, meanCtx: 4096 })).toThrow(/tp = 3/);
    expect(() => computedProfile(GPUS.h100, m, { tp: 0, dtype: 2, meanCtx: 4096 })).toThrow(/tp = 0: must be a positive integer/);
    expect(() => computedProfile(GPUS.h100, m, { tp: 8, dtype: 3, meanCtx: 4096 })).toThrow(/dtype = 3/);
  });
  it("MoE kernel curve interpolates linearly and clamps at both ends", () => {
    const curve = [[1, 0.1], [8, 0.8], [32, 1.6]] as const;
    expect(interpolateCurve(curve, 0)).toBe(0.1);
    expect(interpolateCurve(curve, 100)).toBe(1.6);
    expect(interpolateCurve(curve, 20)).toBeCloseTo(1.2, 15);
  });
  it("an MoE shape outside the kernel table falls back to streaming the top-k experts", () => {
    const m = MODELS["mixtral-8x7b"];
    const p = computedProfile(GPUS.h100, m, { tp: 2, dtype: 2, meanCtx: 4096 });
    const effBw = GPUS.h100.memBw * 0.8;
    const hd = 4096 / 32;
    const expected = (2 * 2 * 14336 * 4096 * 2) / effBw * 32 + ((32 + 16) * hd * 4096 + 4096 ** 2) * 2 * 32 / 2 / effBw + 3e-6 * 32;
    expect(p.W).toBeCloseTo(expected, 15);
  });
});

describe("power", () => {
  it("follows the logistic, idles at n <= 0, and is linear when k = 0", () => {
    const h = MANUAL_PROFILES["h100-80gb"];
    expect(powerAt(h, 0)).toBe(300);
    expect(powerAt(h, 2 ** 4.2)).toBeCloseTo(450, 12);
    const linear = { ...h, power: { kind: "logistic" as const, pIdle: 100, pNom: 300, k: 0, x0: 0 } };
    expect(powerAt(linear, 128)).toBe(200);
    expect(powerAt(linear, 10_000)).toBe(300);
  });
  it("a profile without a power model says so", () => {
    const none = { ...MANUAL_PROFILES.a10g, power: { kind: "logistic" as const, pIdle: 0, pNom: 0, k: 1, x0: 1 } };
    expect(() => powerAt(none, 4)).toThrow(/has no power model/);
  });
});
