import { badInput } from "../errors.ts";

/** Transformer architecture (docs/model.md §4). MoE fields are 0 for dense models. */
export interface ModelSpec {
  key: string;
  name: string;
  layers: number;
  heads: number;
  kvHeads: number;
  hidden: number;
  intermediate: number;
  vocab: number;
  moeIntermediate: number;
  experts: number;
  topk: number;
  shared: number;
}

function model(key: string, name: string, layers: number, heads: number, kvHeads: number, hidden: number,
  intermediate: number, vocab: number, moeIntermediate = 0, experts = 0, topk = 0, shared = 0): ModelSpec {
  return { key, name, layers, heads, kvHeads, hidden, intermediate, vocab, moeIntermediate, experts, topk, shared };
}

export const MODELS: Readonly<Record<string, ModelSpec>> = Object.fromEntries(
  [
    model("llama-3.1-8b", "Llama-3.1-8B", 32, 32, 8, 4096, 14336, 128256),
    model("llama-3.1-70b", "Llama-3.1-70B", 80, 64, 8, 8192, 28672, 128256),
    model("llama-3.1-405b", "Llama-3.1-405B", 126, 128, 8, 16384, 53248, 128256),
    model("mistral-7b", "Mistral-7B", 32, 32, 8, 4096, 14336, 32000),
    model("mixtral-8x7b", "Mixtral-8x7B", 32, 32, 8, 4096, 14336, 32000, 14336, 8, 2, 0),
    model("qwen3-8b", "Qwen3-8B", 36, 32, 8, 4096, 12288, 151936),
    model("qwen3-32b", "Qwen3-32B", 64, 40, 8, 5120, 27648, 151936),
    model("qwen3-235b-a22b", "Qwen3-235B-A22B", 94, 64, 4, 4096, 0, 151936, 1536, 128, 8, 0),
    model("qwen3-30b-a3b", "Qwen3-30B-A3B", 48, 16, 4, 2048, 0, 151936, 768, 128, 8, 0),
    model("deepseek-v3", "DeepSeek-V3", 61, 128, 128, 7168, 0, 129280, 2048, 256, 8, 1),
  ].map((m) => [m.key, m]),
);

export function headDim(m: ModelSpec): number {
  return Math.floor(m.hidden / m.heads);
}

export function isMoE(m: ModelSpec): boolean {
  return m.experts > 0 || m.moeIntermediate > 0;
}

/** KV-cache bytes per token for all layers at `dtype` bytes per element. */
export function kvBytesPerToken(m: ModelSpec, dtype: number): number {
  return 2 * m.layers * m.kvHeads * headDim(m) * dtype;
}

function paramsWithExperts(m: ModelSpec, experts: number): number {
  const attention = m.layers * (2 * m.hidden ** 2 + 2 * m.hidden * m.kvHeads * headDim(m));
  const ffn = isMoE(m)
    ? m.layers * (experts * 3 * m.hidden * m.moeIntermediate + m.shared * 3 * m.hidden * m.intermediate)
    : m.layers * 3 * m.hidden * m.intermediate;
  return m.vocab * m.hidden + attention + ffn;
}

export function paramCount(m: ModelSpec): number {
  return paramsWithExperts(m, m.experts);
}

/** Parameters touched per token: for MoE only the top-k routed experts. */
export function activeParamCount(m: ModelSpec): number {
  return isMoE(m) ? paramsWithExperts(m, m.topk) : paramCount(m);
}

/**
 * A model from a Hugging Face `config.json` object. `source` names the file in errors.
 * DeepSeek-style names (n_routed_experts, n_shared_experts) are accepted as aliases.
 */
export function modelFromHfConfig(cfg: unknown, source: string, key = source): ModelSpec {
  if (typeof cfg !== "object" || cfg === null || Array.isArray(cfg)) badInput(source, "(root)", cfg, "expected a JSON object");
  const c = cfg as Record<string, unknown>;
  const count = (field: string, required: boolean, fallback = 0): number => {
    const v = c[field];
    if (v === undefined || v === null) {
      if (required) badInput(source, field, v, "required field is missing");
      return fallback;
    }
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) badInput(source, field, v, "must be a non-negative integer");
    return v;
  };
  const positive = (field: string): number => {
    const v = count(field, true);
    if (v === 0) badInput(source, field, v, "must be positive");
    return v;
  };
  const heads = positive("num_attention_heads");
  const experts = count("num_experts", false, count("num_local_experts", false, count("n_routed_experts", false)));
  const moeIntermediate = count("moe_intermediate_size", false);
  const moe = experts > 0 || moeIntermediate > 0;
  const m: ModelSpec = {
    key,
    name: typeof c.model_type === "string" ? `${key} (${c.model_type})` : key,
    layers: positive("num_hidden_layers"),
    heads,
    kvHeads: count("num_key_value_heads", false, heads),
    hidden: positive("hidden_size"),
    intermediate: count("intermediate_size", !moe),
    vocab: positive("vocab_size"),
    moeIntermediate,
    experts,
    topk: count("num_experts_per_tok", moe),
    shared: count("num_shared_experts", false, count("n_shared_experts", false)),
  };
  if (m.kvHeads === 0) badInput(source, "num_key_value_heads", 0, "must be positive");
  if (moe && m.moeIntermediate === 0) badInput(source, "moe_intermediate_size", c.moe_intermediate_size, "required for a mixture-of-experts model");
  if (moe && m.topk > m.experts) badInput(source, "num_experts_per_tok", m.topk, `exceeds the expert count ${m.experts}`);
  return m;
}
