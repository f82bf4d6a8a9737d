import type { Params } from "./params.js";

/**
 * Provider spellings mapped to the gen_ai.provider.name well-known values. Vercel AI SDK
 * writes `<provider>.<api>` (`openai.chat`, `anthropic.messages`), so the API suffix is cut
 * before this table is consulted; OTel names that contain dots (`aws.bedrock`) are kept whole.
 */
export const PROVIDER_ALIASES: readonly (readonly [string, string])[] = [
  ["google.generative-ai", "gcp.gemini"],
  ["google", "gcp.gemini"],
  ["gemini", "gcp.gemini"],
  ["google.vertex", "gcp.vertex_ai"],
  ["vertex_ai", "gcp.vertex_ai"],
  ["vertexai", "gcp.vertex_ai"],
  ["vertex_ai_beta", "gcp.vertex_ai"],
  ["amazon-bedrock", "aws.bedrock"],
  ["bedrock", "aws.bedrock"],
  ["azure-openai", "azure.ai.openai"],
  ["azure_ai", "azure.ai.inference"],
  ["mistral", "mistral_ai"],
  ["mistralai", "mistral_ai"],
  ["xai", "x_ai"],
  ["watsonx", "ibm.watsonx.ai"],
];

/** Vercel AI SDK API suffixes of `ai.model.provider`. */
const API_SUFFIX =
  "\\.(chat|responses|completion|completions|messages|embedding|embeddings|image|transcription|speech|text)$";

/** SQL canonicalising a Nullable(String) provider expression (lower-case, suffix cut, aliases). */
export function canonicalProvider(p: Params, raw: string): string {
  const from = p.strs(PROVIDER_ALIASES.map(([f]) => f));
  const to = p.strs(PROVIDER_ALIASES.map(([, t]) => t));
  const cut = `replaceRegexpOne(lower(trim(ifNull(${raw}, ''))), ${p.str(API_SUFFIX)}, '')`;
  return `nullIf(transform((${cut}) AS provider_cut, ${from}, ${to}, provider_cut), '')`;
}
