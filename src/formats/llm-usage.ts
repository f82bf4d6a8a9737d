/** Token columns of a capture (exclusive buckets; null = not stated). */
export interface UsageBuckets {
  input_tokens: number | null;
  uncached_input_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  output_tokens: number | null;
  reasoning_tokens: number | null;
  total_tokens: number | null;
}

export const NO_USAGE: UsageBuckets = {
  input_tokens: null,
  uncached_input_tokens: null,
  cache_read_tokens: null,
  cache_write_tokens: null,
  output_tokens: null,
  reasoning_tokens: null,
  total_tokens: null,
};

type Json = Record<string, unknown>;

/** Usage as Anthropic states it: `input_tokens` excludes cache reads and writes. */
export function anthropicUsage(u: Json): UsageBuckets {
  const uncached = count(u.input_tokens);
  const read = count(u.cache_read_input_tokens);
  const write = count(u.cache_creation_input_tokens);
  return {
    input_tokens: uncached === null ? null : uncached + (read ?? 0) + (write ?? 0),
    uncached_input_tokens: uncached,
    cache_read_tokens: read,
    cache_write_tokens: write,
    output_tokens: count(u.output_tokens),
    reasoning_tokens: null,
    total_tokens: null,
  };
}

/**
 * Usage as OpenAI states it: Chat Completions / Completions / Embeddings (`prompt_tokens`) or
 * the Responses API (`input_tokens`), both inclusive of cached input. LiteLLM adds Anthropic's
 * cache fields to the OpenAI shape; they are read too.
 */
export function openaiUsage(u: Json): UsageBuckets {
  const chat = "prompt_tokens" in u;
  const inDetails = obj(chat ? u.prompt_tokens_details : u.input_tokens_details);
  const outDetails = obj(chat ? u.completion_tokens_details : u.output_tokens_details);
  const input = count(chat ? u.prompt_tokens : u.input_tokens);
  const read = count(inDetails.cached_tokens) ?? count(u.cache_read_input_tokens);
  const write = count(inDetails.cache_creation_tokens) ?? count(u.cache_creation_input_tokens);
  return {
    ...inclusive(input, read, write),
    cache_read_tokens: read,
    cache_write_tokens: write,
    output_tokens: count(chat ? u.completion_tokens : u.output_tokens),
    reasoning_tokens: count(outDetails.reasoning_tokens),
    total_tokens: count(u.total_tokens),
  };
}

/** An inclusive input count split; one smaller than its cache parts was exclusive after all. */
function inclusive(input: number | null, read: number | null, write: number | null) {
  const cached = (read ?? 0) + (write ?? 0);
  if (input === null) return { input_tokens: null, uncached_input_tokens: null };
  if (input < cached) return { input_tokens: input + cached, uncached_input_tokens: input };
  return { input_tokens: input, uncached_input_tokens: input - cached };
}

/** Anthropic stream usage: `message_start` counts, overridden by later `message_delta` ones. */
export function mergeUsage(start: Json, delta: Json): Json {
  const out: Json = { ...start };
  for (const [key, value] of Object.entries(delta))
    if (value !== null && value !== undefined) out[key] = value;
  return out;
}

function count(value: unknown): number | null {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : null;
}

function obj(value: unknown): Json {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}
