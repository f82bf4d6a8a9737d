import type { IdentityContract } from "../contract/types.js";
import { type Sql, sql } from "../engine/sql.js";
import { HEADER_ATTRIBUTE_PREFIX } from "../record/semconv.js";
import { LLM_CALL_COLUMNS } from "./columns.js";
import { identityHitColumns, identityValueColumns } from "./identity.js";
import { Params } from "./params.js";
import { statusExpr } from "./status.js";

/** Capture API -> gen_ai.operation.name. */
export const CAPTURE_OPERATIONS: readonly (readonly [string, string])[] = [
  ["openai_chat", "chat"],
  ["openai_responses", "responses"],
  ["openai_completions", "text_completion"],
  ["openai_embeddings", "embeddings"],
  ["anthropic_messages", "chat"],
];

const KNOWN = "SELECT source_file, source_line FROM llm_calls WHERE source = 'capture'";

/**
 * INSERT ... SELECT turning `captures` rows not in `llm_calls` yet into call rows (source
 * `capture`). Token columns are already exclusive buckets. Identity comes from what the request
 * carried, under the names the contract lookup knows: headers as
 * `http.request.header.<name>`, body `metadata` keys as `metadata.<key>`, body `user` as
 * `end_user` (LiteLLM's name for it) and `baggage` members under their own keys. The key hash
 * is kept for the audit's key-table recovery.
 *
 * Status: HTTP first (429 rate_limited, 408/504 timeout, other 4xx validation_error, 5xx
 * provider_error); a 2xx whose stream never finished, or an entry without a response, is
 * client_cancelled.
 */
export function capturesInsert(contract: IdentityContract): Sql {
  const p = new Params("c");
  const cut =
    "((ifNull(stream, false) AND NOT stream_complete AND ifNull(response_status, 0) < 400) OR response_status IS NULL)";
  const failed = `(${cut} OR ifNull(response_status, 0) >= 400)`;
  const errorText = `if(${cut}, 'client cancelled', ifNull(error_type, ''))`;
  const status = statusExpr(p, { cacheHit: "false", failed, http: "response_status", errorText });
  const text = `INSERT INTO llm_calls (${LLM_CALL_COLUMNS.join(", ")})
SELECT
  concat('capture:', source_file, '#', toString(entry)) AS call_key,
  'capture' AS source, 'har' AS source_format, source_file, entry AS source_line,
  trace_id, span_id, '' AS parent_span_id, '' AS service_name,
  path AS span_name,
  nullIf(transform(api, ${p.strs(CAPTURE_OPERATIONS.map(([a]) => a))}, ${p.strs(CAPTURE_OPERATIONS.map(([, o]) => o))}, ''), '') AS operation,
  provider, request_model, response_model, response_id, request_id,
  input_tokens, uncached_input_tokens, cache_read_tokens, cache_write_tokens, output_tokens,
  reasoning_tokens, total_tokens, stream,
  ${status} AS status,
  if(${failed}, error_type, NULL) AS error_type,
  coalesce(started_at, toDateTime64(0, 9, 'UTC')) AS start_time,
  addMicroseconds(start_time, toInt64(ifNull(duration_ms, 0) * 1000)) AS end_time,
  nullIf(api_key_hash, '') AS key_hash,
  tenant, team, workload, project, feature, identity_keys,
  reported_cost
FROM (
  SELECT *, ${identityValueColumns()}
  FROM (
    SELECT *, ${identityHitColumns(p, contract, "capture_attrs", null)}
    FROM (SELECT *, ${attributesOf(p)} AS capture_attrs FROM captures
      WHERE (source_file, entry) NOT IN (${KNOWN}))
  )
)`;
  return sql(text, p.values);
}

/** What the request carried, as one Map(String, String) the contract lookup scans. */
function attributesOf(p: Params): string {
  const headers = `mapApply((k, v) -> (concat(${p.str(HEADER_ATTRIBUTE_PREFIX)}, k), v), CAST(headers, 'Map(String, String)'))`;
  const metadata = `mapApply((k, v) -> (concat('metadata.', k), v), CAST(metadata, 'Map(String, String)'))`;
  const user = `CAST(if(user IS NULL, map(), map('end_user', assumeNotNull(user))), 'Map(String, String)')`;
  // W3C baggage: `k=v;props,k2=v2`, values percent-encoded.
  const members = `arrayFilter(m -> position(m, '=') > 0, splitByChar(',', headers['baggage']))`;
  const baggage = `CAST(mapFromArrays(
      arrayMap(m -> trim(substring(m, 1, position(m, '=') - 1)), ${members}),
      arrayMap(m -> decodeURLComponent(trim(splitByChar(';', substring(m, position(m, '=') + 1))[1])), ${members})),
    'Map(String, String)')`;
  return `mapConcat(${baggage}, ${user}, ${metadata}, ${headers})`;
}
