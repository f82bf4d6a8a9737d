import { CALL_ATTRIBUTES as F, CALL_SPAN_MARKERS as M, OPERATION_ALIASES } from "../record/semconv.js";
import { firstString, toBool, toCount } from "./lookup.js";
import type { Params } from "./params.js";
import { canonicalProvider } from "./provider.js";

const A = "SpanAttributes";

const attr = (p: Params, key: string): string => `${A}[${p.str(key)}]`;

/** Text fields read in the first stage, by output column. */
const TEXT_FIELDS = {
  request_model: "requestModel",
  either_model: "eitherModel",
  stated_response_model: "responseModel",
  stated_provider: "provider",
  response_id: "responseId",
  input_inclusive_text: "inputTokensInclusive",
  input_uncached_text: "inputTokensUncached",
  cache_read_text: "cacheReadTokens",
  cache_write_text: "cacheWriteTokens",
  output_text: "outputTokens",
  reasoning_text: "reasoningTokens",
  total_text: "totalTokens",
  stream_text: "stream",
  operation_text: "operation",
  stated_error_type: "errorType",
  level: "level",
  http_text: "httpStatus",
  key_hash: "keyHash",
  cost_text: "cost",
} as const satisfies Record<string, keyof typeof F>;

/**
 * Stage 1 SELECT items: each call field as the first text a span states (semconv lists).
 * Later stages parse these columns; splitting stages keeps every expression written once,
 * because ClickHouse copies an aliased expression wherever the alias is used.
 */
export function spanTextColumns(p: Params): string {
  const items = Object.entries(TEXT_FIELDS).map(
    ([column, field]) => `${firstString(p, A, F[field])} AS ${column}`,
  );
  items.push(`JSONExtractKeys(${attr(p, F.providerFromJsonKey[0].key)})[1] AS provider_key`);
  items.push(
    `arrayFirst(x -> x != '', arrayMap((n, at) -> if(n = 'exception', at['exception.type'], ''), Events.Name, Events.Attributes)) AS exception_type`,
  );
  items.push(`upper(${attr(p, M.openInferenceKindKey)}) AS oi_kind`);
  items.push(`lower(${attr(p, M.langfuseTypeKey)}) AS lf_type`);
  return items.join(",\n    ");
}

/** Stage 2 SELECT items: numbers, flags and canonical names parsed from the stage 1 texts. */
export function spanValueColumns(p: Params): string {
  const count = (text: string, column: string): string => `${toCount(text)} AS ${column}`;
  const items = [
    `coalesce(stated_response_model, if(request_model IS NULL OR either_model != request_model, either_model, NULL)) AS response_model`,
    `${canonicalProvider(p, "coalesce(stated_provider, nullIf(provider_key, ''))")} AS provider`,
    count("input_inclusive_text", "input_inclusive"),
    count("input_uncached_text", "input_uncached"),
    count("cache_read_text", "cache_read_tokens"),
    count("cache_write_text", "cache_write_tokens"),
    count("output_text", "output_tokens"),
    count("reasoning_text", "reasoning_tokens"),
    count("total_text", "total_tokens"),
    `coalesce(${toBool("stream_text")}, multiIf(match(SpanName, '\\\\.doStream$'), CAST(true, 'Nullable(Bool)'), match(SpanName, '\\\\.doGenerate$'), CAST(false, 'Nullable(Bool)'), CAST(NULL, 'Nullable(Bool)'))) AS stream`,
    `${operationExpr(p)} AS operation`,
    "coalesce(stated_error_type, nullIf(exception_type, '')) AS error_type",
    "toFloat64OrNull(cost_text) AS reported_cost",
  ];
  return items.join(",\n    ");
}

/** gen_ai.operation.name (aliases mapped), else what the span's convention implies. */
function operationExpr(p: Params): string {
  const from = p.strs(OPERATION_ALIASES.map(([f]) => f));
  const to = p.strs(OPERATION_ALIASES.map(([, t]) => t));
  return `multiIf(
      operation_text IS NOT NULL, transform(lower(operation_text), ${from}, ${to}, lower(operation_text)),
      oi_kind = 'EMBEDDING' OR lf_type = 'embedding' OR match(SpanName, '\\\\.doEmbed$'), 'embeddings',
      match(SpanName, '\\\\.do(Generate|Stream)$'), 'chat',
      NULL)`;
}

/** Bool SQL: the span carries a marker of an LLM call (semconv CALL_SPAN_MARKERS). */
export function markedAsCall(p: Params): string {
  return `(lower(${attr(p, M.operationKey)}) IN ${p.strs(M.callOperations)}
    OR upper(${attr(p, M.openInferenceKindKey)}) IN ${p.strs(M.openInferenceCallKinds)}
    OR match(SpanName, ${p.str(M.vercelCallSpanPattern)})
    OR ${attr(p, M.traceloopRequestTypeKey)} != ''
    OR lower(${attr(p, M.langfuseTypeKey)}) IN ${p.strs(M.langfuseCallTypes)}
    OR SpanName IN ${p.strs(M.callSpanNames)})`;
}

/** Bool SQL: the span is an agent, workflow, tool, chain or SDK root: never a call. */
export function markedAsNonCall(p: Params): string {
  return `(lower(${attr(p, M.operationKey)}) IN ${p.strs(M.nonCallOperations)}
    OR upper(${attr(p, M.openInferenceKindKey)}) IN ${p.strs(M.openInferenceNonCallKinds)}
    OR lower(${attr(p, M.traceloopKindKey)}) IN ${p.strs(M.traceloopNonCallKinds)}
    OR lower(${attr(p, M.langfuseTypeKey)}) IN ${p.strs(M.langfuseNonCallTypes)}
    OR match(SpanName, ${p.str(M.vercelNonCallSpanPattern)})
    OR match(${attr(p, M.vercelOperationIdKey)}, ${p.str(M.vercelNonCallSpanPattern)})
    OR SpanName IN ${p.strs(M.nonCallSpanNames)}
    OR arrayExists(x -> startsWith(SpanName, x), ${p.strs(M.nonCallSpanPrefixes)}))`;
}

/**
 * Bool SQL: the span states a model or token usage (any attribute that names one, or a JSON
 * usage attribute). The test every unmarked call must pass, cheap enough to run twice.
 */
export function statesModelOrUsage(p: Params): string {
  const fields = [
    F.requestModel,
    F.responseModel,
    F.eitherModel,
    F.inputTokensInclusive,
    F.inputTokensUncached,
    F.outputTokens,
  ];
  // JSON refs count through their attribute, except output.value: chains carry it too.
  const keys = new Set(fields.flat().flatMap((ref) => (ref.key === "output.value" ? [] : [ref.key])));
  return `arrayExists((k, v) -> v != '' AND has(${p.strs([...keys])}, k), mapKeys(${A}), mapValues(${A}))`;
}
