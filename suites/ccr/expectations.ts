import type { Provider } from "./client.js";

// What HYVVE's router promises (spec DM-09.7 and the reference app's routing
// table): which model serves which capability tier, in fallback order.

/** The spec's `ccr_test_config.primary_model`: the primary for a standard-complexity code review. */
export const PRIMARY_MODEL = "claude-3-opus";

/** Models fit for complex work (spec: "complex should use more capable model"). */
export const HIGH_CAPABILITY_MODELS = ["claude-3-opus", "claude-3-sonnet", "gpt-4o", "llama-3-70b"];

/** Efficient models for simple tasks. */
export const EFFICIENT_MODELS = ["claude-3-haiku", "gpt-4o-mini", "llama-3-8b"];

/** The high tier's chain, primary first (code_review, architecture_design). */
export const HIGH_CHAIN = ["claude-3-opus", "claude-3-sonnet", "gpt-4o", "llama-3-70b"];

/** The standard tier's chain, primary first (summarization, content_generation). */
export const STANDARD_CHAIN = ["claude-3-sonnet", "gpt-4o", "claude-3-haiku", "llama-3-8b"];

export const PROVIDERS: Provider[] = ["anthropic", "openai", "local"];

/** Which provider serves a model, by its name. */
export function providerOf(model: string | undefined): Provider | undefined {
  if (model === undefined) return undefined;
  if (model.startsWith("claude")) return "anthropic";
  if (model.startsWith("gpt")) return "openai";
  if (model.startsWith("llama")) return "local";
  return undefined;
}
