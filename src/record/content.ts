/**
 * Attributes that carry prompt or completion text. spendtrail never stores them unless the
 * user asks (`--keep-content`): readers drop them before spans reach the engine. Matched as an
 * exact key or as a prefix (keys ending in `.`), and by the regular expression for indexed
 * message attributes.
 */
export const CONTENT_ATTRIBUTE_KEYS = [
  "gen_ai.input.messages",
  "gen_ai.output.messages",
  "gen_ai.system_instructions",
  "gen_ai.tool.definitions",
  "gen_ai.prompt",
  "gen_ai.completion",
  "gen_ai.prompt.",
  "gen_ai.completion.",
  "gen_ai.content.prompt",
  "gen_ai.content.completion",
  "input.value",
  "output.value",
  "llm.input_messages.",
  "llm.output_messages.",
  "llm.prompts.",
  "llm.prompt_template.variables",
  "ai.prompt",
  "ai.prompt.",
  "ai.response.text",
  "ai.response.toolCalls",
  "ai.response.object",
  "ai.toolCall.args",
  "ai.toolCall.result",
  "traceloop.entity.input",
  "traceloop.entity.output",
  "langfuse.observation.input",
  "langfuse.observation.output",
  "langfuse.trace.input",
  "langfuse.trace.output",
  "gen_ai.tool.call.arguments",
  "gen_ai.tool.call.result",
  "gcp.vertex.agent.llm_request",
  "gcp.vertex.agent.llm_response",
  "gcp.vertex.agent.tool_call_args",
  "gcp.vertex.agent.tool_response",
] as const;

const EXACT = new Set<string>(CONTENT_ATTRIBUTE_KEYS.filter((k) => !k.endsWith(".")));
const PREFIXES: readonly string[] = CONTENT_ATTRIBUTE_KEYS.filter((k) => k.endsWith("."));

/** Exact keys and prefixes separately, for binding into SQL filters. */
export const CONTENT_EXACT_KEYS: readonly string[] = [...EXACT];
export const CONTENT_KEY_PREFIXES: readonly string[] = PREFIXES;

/** True when an attribute key carries prompt/completion text. */
export function isContentAttribute(key: string): boolean {
  if (EXACT.has(key)) return true;
  for (const prefix of PREFIXES) if (key.startsWith(prefix)) return true;
  return false;
}

/**
 * Top-level fields kept when a content attribute holds a JSON object (OpenInference puts the
 * provider response in `output.value`, and its `id` is the response id the joins need).
 */
export const CONTENT_KEPT_FIELDS = [
  "id",
  "model",
  "object",
  "created",
  "usage",
  "system_fingerprint",
  "service_tier",
] as const;

/**
 * What is stored for a content attribute: null (dropped) unless the value is a JSON object,
 * in which case only its CONTENT_KEPT_FIELDS survive (or null when none is there).
 */
export function redactContent(value: string): string | null {
  const text = value.trimStart();
  if (!text.startsWith("{")) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return null;
  const kept: Record<string, unknown> = {};
  for (const field of CONTENT_KEPT_FIELDS) {
    const v = (parsed as Record<string, unknown>)[field];
    if (v !== undefined) kept[field] = v;
  }
  return Object.keys(kept).length === 0 ? null : JSON.stringify(kept);
}
