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

const dense = { moeIntermediate: 0, experts: 0, topk: 0, shared: 0 };

/** Public model configurations as the reference planner uses them (docs/model.md §4). */
const CONFIGS: readonly ModelSpec[] = [
  { key: "llama-3.1-8b", name: "Llama-3.1-8B", layers: 32, heads: 32, kvHeads: 8, hidden: 4096, intermediate: 14336, vocab: 128256, ...dense },
  { key: "llama-3.1-70b", name: "Llama-3.1-70B", layers: 80, heads: 64, kvHeads: 8, hidden: 8192, intermediate: 28672, vocab: 128256, ...dense },
  { key: "llama-3.1-405b", name: "Llama-3.1-405B", layers: 126, heads: 128, kvHeads: 8, hidden: 16384, intermediate: 53248, vocab: 128256, ...dense },
  { key: "mistral-7b", name: "Mistral-7B", layers: 32, heads: 32, kvHeads: 8, hidden: 4096, intermediate: 14336, vocab: 32000, ...dense },
  { key: "mixtral-8x7b", name: "Mixtral-8x7B", layers: 32, heads: 32, kvHeads: 8, hidden: 4096, intermediate: 14336, vocab: 32000, moeIntermediate: 14336, experts: 8, topk: 2, shared: 0 },
  { key: "qwen3-8b", name: "Qwen3-8B", layers: 36, heads: 32, kvHeads: 8, hidden: 4096, intermediate: 12288, vocab: 151936, ...dense },
  { key: "qwen3-32b", name: "Qwen3-32B", layers: 64, heads: 40, kvHeads: 8, hidden: 5120, intermediate: 27648, vocab: 151936, ...dense },
  { key: "qwen3-235b-a22b", name: "Qwen3-235B-A22B", layers: 94, heads: 64, kvHeads: 4, hidden: 4096, intermediate: 0, vocab: 151936, moeIntermediate: 1536, experts: 128, topk: 8, shared: 0 },
  { key: "qwen3-30b-a3b", name: "Qwen3-30B-A3B", layers: 48, heads: 16, kvHeads: 4, hidden: 2048, intermediate: 0, vocab: 151936, moeIntermediate: 768, experts: 128, topk: 8, shared: 0 },
  { key: "deepseek-v3", name: "DeepSeek-V3", layers: 61, heads: 128, kvHeads: 128, hidden: 7168, intermediate: 0, vocab: 129280, moeIntermediate: 2048, experts: 256, topk: 8, shared: 1 },
];

export const MODELS: Readonly<Record<string, ModelSpec>> = Object.fromEntries(CONFIGS.map((m) => [m.key, m]));

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
  // grouped-query attention shares each KV head among heads / kvHeads query heads
  if (m.heads % m.kvHeads !== 0) badInput(source, "num_key_value_heads", m.kvHeads, `must divide num_attention_heads (${m.heads})`);
  if (moe && m.moeIntermediate === 0) badInput(source, "moe_intermediate_size", c.moe_intermediate_size, "required for a mixture-of-experts model");
  if (moe && m.topk > m.experts) badInput(source, "num_experts_per_tok", m.topk, `exceeds the expert count ${m.experts}`);
  return m;
}
