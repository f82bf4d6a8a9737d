import { countOf } from "../records/values.js";

/** Cache tokens as one source states them (null = not stated). */
export interface CacheTokens {
  read: number | null;
  write: number | null;
}

/** Where a usage object states cache tokens, in the spellings LiteLLM, OpenAI and Anthropic use. */
const READ_PATHS = [["cache_read_input_tokens"], ["prompt_tokens_details", "cached_tokens"]] as const;
const WRITE_PATHS = [
  ["cache_creation_input_tokens"],
  ["prompt_tokens_details", "cache_creation_tokens"],
  ["prompt_tokens_details", "cache_write_tokens"],
] as const;

function at(source: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = source;
  for (const key of path) {
    if (value === null || typeof value !== "object") return null;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function firstCount(
  sources: readonly (Record<string, unknown> | null)[],
  paths: readonly (readonly string[])[],
  warn: (message: string) => void,
): number | null {
  for (const source of sources) {
    if (source === null) continue;
    for (const path of paths) {
      const value = at(source, path);
      const parsed = countOf(value);
      if (!parsed.ok) warn(`${path.join(".")} is '${String(value)}'; expected ${parsed.expected}; ignored`);
      else if (parsed.value !== null) return parsed.value;
    }
  }
  return null;
}

/** Cache read/write tokens from the first usage object (in priority order) that states them. */
export function cacheTokensOf(
  sources: readonly (Record<string, unknown> | null)[],
  warn: (message: string) => void,
): CacheTokens {
  return { read: firstCount(sources, READ_PATHS, warn), write: firstCount(sources, WRITE_PATHS, warn) };
}

/**
 * Prompt tokens made inclusive of cache reads and writes (OpenAI convention, the one
 * `gateway_rows` keeps). A count smaller than its own cache tokens cannot be inclusive:
 * some LiteLLM versions (mid 2025, Anthropic) added only cache reads, and raw Anthropic
 * counts add neither, so the missing part is added back.
 */
export function inclusivePrompt(prompt: number | null, cache: CacheTokens): number | null {
  if (prompt === null) return null;
  const read = cache.read ?? 0;
  const write = cache.write ?? 0;
  if (prompt >= read + write) return prompt;
  return prompt >= read ? prompt + write : prompt + read + write;
}
