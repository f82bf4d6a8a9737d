/**
 * The span attribute names spendtrail reads, per call field, highest priority first. Our own
 * list on purpose (STYLE.md 9): the incubating semantic-conventions exports deprecate most
 * gen_ai names since they moved repositories, and half of what we read is not OTel at all.
 * Sources: reference/formats.md sections 2-5 and Appendix B.
 */

export const CONVENTIONS = [
  "otel",
  "otel_deprecated",
  "openinference",
  "openllmetry",
  "vercel",
  "openlit",
  "langfuse",
  "logfire",
  "litellm",
] as const;
export type Convention = (typeof CONVENTIONS)[number];

/** One place a value is written: an attribute, or a field inside an attribute holding JSON text. */
export interface AttrRef {
  readonly key: string;
  /** Path inside the attribute's JSON object when the value is nested there. */
  readonly path?: readonly string[];
  readonly convention: Convention;
}

const a = (convention: Convention, key: string): AttrRef => ({ key, convention });
const j = (convention: Convention, key: string, ...path: string[]): AttrRef => ({ key, path, convention });

const LF_USAGE = "langfuse.observation.usage_details";
const VERCEL_META = "ai.response.providerMetadata";

/** Each call field and where conventions put it. */
export const CALL_ATTRIBUTES = {
  requestModel: [
    a("otel", "gen_ai.request.model"),
    a("openinference", "llm.request.model_name"),
    j("openinference", "llm.invocation_parameters", "model"),
    a("vercel", "ai.model.id"),
    a("openllmetry", "llm.request.model"),
    a("langfuse", "langfuse.observation.model.name"),
  ],
  responseModel: [
    a("otel", "gen_ai.response.model"),
    a("openinference", "llm.response.model_name"),
    a("vercel", "ai.response.model"),
    a("openllmetry", "llm.response.model"),
    // Redaction keeps the provider response's `model` field of OpenInference `output.value`.
    j("openinference", "output.value", "model"),
  ],
  /** OpenInference `llm.model_name`: the response model when known, else the request model. */
  eitherModel: [a("openinference", "llm.model_name")],
  provider: [
    a("otel", "gen_ai.provider.name"),
    // Before gen_ai.system: Google ADK writes its own name there (`gcp.vertex.agent`).
    a("openinference", "llm.provider"),
    a("otel_deprecated", "gen_ai.system"),
    a("openinference", "llm.system"),
    a("vercel", "ai.model.provider"),
  ],
  /** Attributes whose JSON object's first key names the provider (`{"anthropic": {...}}`). */
  providerFromJsonKey: [a("vercel", VERCEL_META)],
  responseId: [
    a("otel", "gen_ai.response.id"),
    a("vercel", "ai.response.id"),
    j("openinference", "output.value", "id"),
  ],
  /** Input tokens including cache reads and writes (OpenAI semantics). */
  inputTokensInclusive: [
    a("otel", "gen_ai.usage.input_tokens"),
    a("otel_deprecated", "gen_ai.usage.prompt_tokens"),
    a("openinference", "llm.token_count.prompt"),
    a("vercel", "ai.usage.inputTokens"),
    a("vercel", "ai.usage.promptTokens"),
  ],
  /** Input tokens excluding cache reads and writes (Anthropic raw usage, Langfuse usage_details). */
  inputTokensUncached: [
    a("vercel", "ai.usage.inputTokenDetails.noCacheTokens"),
    j("vercel", VERCEL_META, "anthropic", "usage", "input_tokens"),
    j("langfuse", LF_USAGE, "input"),
    j("langfuse", LF_USAGE, "input_tokens"),
  ],
  outputTokens: [
    a("otel", "gen_ai.usage.output_tokens"),
    a("otel_deprecated", "gen_ai.usage.completion_tokens"),
    a("openinference", "llm.token_count.completion"),
    a("vercel", "ai.usage.outputTokens"),
    a("vercel", "ai.usage.completionTokens"),
    j("vercel", VERCEL_META, "anthropic", "usage", "output_tokens"),
    j("langfuse", LF_USAGE, "output"),
    j("langfuse", LF_USAGE, "output_tokens"),
  ],
  totalTokens: [
    a("openllmetry", "gen_ai.usage.total_tokens"),
    a("openllmetry", "llm.usage.total_tokens"),
    a("openinference", "llm.token_count.total"),
    a("vercel", "ai.usage.totalTokens"),
    j("langfuse", LF_USAGE, "total"),
    j("langfuse", LF_USAGE, "total_tokens"),
  ],
  cacheReadTokens: [
    a("otel", "gen_ai.usage.cache_read.input_tokens"),
    a("litellm", "gen_ai.usage.cache_read_input_tokens"),
    a("openlit", "gen_ai.usage.prompt_tokens_details.cached_tokens"),
    a("openinference", "llm.token_count.prompt_details.cache_read"),
    a("vercel", "ai.usage.inputTokenDetails.cacheReadTokens"),
    a("vercel", "ai.usage.cachedInputTokens"),
    j("vercel", VERCEL_META, "anthropic", "usage", "cache_read_input_tokens"),
    j("vercel", VERCEL_META, "openai", "cachedPromptTokens"),
    j("langfuse", LF_USAGE, "input_cached_tokens"),
    j("langfuse", LF_USAGE, "cache_read_input_tokens"),
    j("langfuse", LF_USAGE, "input_cache_read"),
    j("langfuse", LF_USAGE, "prompt_details.cache_read"),
  ],
  cacheWriteTokens: [
    a("otel", "gen_ai.usage.cache_write.input_tokens"),
    a("otel", "gen_ai.usage.cache_creation.input_tokens"),
    a("litellm", "gen_ai.usage.cache_creation_input_tokens"),
    a("openlit", "gen_ai.usage.prompt_tokens_details.cache_creation_tokens"),
    a("openinference", "llm.token_count.prompt_details.cache_write"),
    a("vercel", "ai.usage.inputTokenDetails.cacheWriteTokens"),
    j("vercel", VERCEL_META, "anthropic", "cacheCreationInputTokens"),
    j("vercel", VERCEL_META, "anthropic", "usage", "cache_creation_input_tokens"),
    j("langfuse", LF_USAGE, "input_cache_creation"),
    j("langfuse", LF_USAGE, "cache_creation_input_tokens"),
    j("langfuse", LF_USAGE, "input_cache_write"),
  ],
  reasoningTokens: [
    a("otel", "gen_ai.usage.reasoning.output_tokens"),
    a("openllmetry", "gen_ai.usage.reasoning_tokens"),
    a("openinference", "llm.token_count.completion_details.reasoning"),
    a("vercel", "ai.usage.outputTokenDetails.reasoningTokens"),
    a("vercel", "ai.usage.reasoningTokens"),
    j("langfuse", LF_USAGE, "completion_details.reasoning"),
    j("langfuse", LF_USAGE, "output_reasoning_tokens"),
  ],
  stream: [
    a("otel", "gen_ai.request.stream"),
    a("openllmetry", "gen_ai.is_streaming"),
    a("openllmetry", "llm.is_streaming"),
    a("openlit", "gen_ai.request.is_stream"),
    j("openinference", "llm.invocation_parameters", "stream"),
  ],
  operation: [a("otel", "gen_ai.operation.name"), a("openllmetry", "llm.request.type")],
  errorType: [a("otel", "error.type")],
  httpStatus: [a("otel", "http.response.status_code"), a("otel_deprecated", "http.status_code")],
  /** Langfuse marks failed observations by level, with OTel status left UNSET. */
  level: [a("langfuse", "langfuse.observation.level")],
  cost: [
    a("openlit", "gen_ai.usage.cost"),
    a("openinference", "llm.cost.total"),
    a("litellm", "gen_ai.cost.total_cost"),
    a("logfire", "operation.cost"),
    j("langfuse", "langfuse.observation.cost_details", "total"),
  ],
  /** Hashed gateway key on LiteLLM's own spans (`metadata.<key>` of its logging payload). */
  keyHash: [a("litellm", "metadata.user_api_key_hash"), a("litellm", "metadata.user_api_key")],
} as const satisfies Record<string, readonly AttrRef[]>;

export type CallAttributeField = keyof typeof CALL_ATTRIBUTES;

/**
 * What marks a span as one LLM call, or as a span that is not one (an agent, workflow, tool or
 * an SDK root that only sums its children's usage). A "not a call" marker always wins.
 */
export const CALL_SPAN_MARKERS = {
  operationKey: "gen_ai.operation.name",
  callOperations: ["chat", "text_completion", "generate_content", "embeddings", "responses", "completion"],
  nonCallOperations: [
    "invoke_agent",
    "create_agent",
    "execute_tool",
    "invoke_workflow",
    "retrieval",
    "handle_conversation_turn",
    "plan",
  ],
  openInferenceKindKey: "openinference.span.kind",
  openInferenceCallKinds: ["LLM", "EMBEDDING"],
  openInferenceNonCallKinds: [
    "CHAIN",
    "AGENT",
    "TOOL",
    "RETRIEVER",
    "RERANKER",
    "GUARDRAIL",
    "EVALUATOR",
    "PROMPT",
  ],
  /** OpenLLMetry sets it on LLM spans only (`chat`, `completion`, `embedding`...). */
  traceloopRequestTypeKey: "llm.request.type",
  traceloopKindKey: "traceloop.span.kind",
  traceloopNonCallKinds: ["workflow", "task", "agent", "tool"],
  langfuseTypeKey: "langfuse.observation.type",
  langfuseCallTypes: ["generation", "embedding"],
  langfuseNonCallTypes: ["span", "agent", "tool", "chain", "event", "retriever", "evaluator", "guardrail"],
  /** Vercel AI SDK v6 and earlier: the provider calls are the `ai.<fn>.doGenerate|doStream|doEmbed` spans. */
  vercelCallSpanPattern: "^ai\\.[A-Za-z]+\\.do(Generate|Stream|Embed)$",
  /** Vercel roots (`ai.generateText`, `ai.streamText`...) and `ai.toolCall`: never calls. */
  vercelNonCallSpanPattern: "^ai\\.[A-Za-z]+$",
  vercelOperationIdKey: "ai.operationId",
  /** LiteLLM's call span; its `raw_gen_ai_request` child repeats the same call. */
  callSpanNames: ["litellm_request"],
  nonCallSpanNames: ["raw_gen_ai_request", "agent run"],
  nonCallSpanPrefixes: ["invoke_agent ", "invoke_workflow ", "execute_tool "],
} as const;

/**
 * Span operation spellings mapped to gen_ai.operation.name values: OpenLLMetry `llm.request.type`
 * and the LiteLLM call types its spans carry there.
 */
export const OPERATION_ALIASES: readonly (readonly [string, string])[] = [
  ["completion", "text_completion"],
  ["embedding", "embeddings"],
  ["acompletion", "chat"],
  ["atext_completion", "text_completion"],
  ["text_completion", "text_completion"],
  ["aembedding", "embeddings"],
  ["aresponses", "responses"],
];

/** Attributes holding a JSON object of user metadata, searched for identity keys. */
export const IDENTITY_JSON_ATTRIBUTES = [
  "metadata",
  "metadata.spend_logs_metadata",
  "metadata.requester_metadata",
  "langfuse.trace.metadata",
  "langfuse.observation.metadata",
  "ai.telemetry.metadata",
] as const;

/** Captured request headers: `http.request.header.x-tenant-id`, value a JSON string array. */
export const HEADER_ATTRIBUTE_PREFIX = "http.request.header.";

/** Helicone custom properties (`Helicone-Property-<Name>`), stored lower-cased. */
export const PROPERTY_PREFIX = "properties.";
