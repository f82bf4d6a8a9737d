import type { IdentityContract } from "../contract/types.js";
import { type Sql, sql } from "../engine/sql.js";
import { LLM_CALL_COLUMNS, tokenBuckets } from "./columns.js";
import { identityHitColumns, identityValueColumns } from "./identity.js";
import { Params } from "./params.js";
import { canonicalProvider } from "./provider.js";
import { statusExpr } from "./status.js";

/** LiteLLM call types (`acompletion`...) as gen_ai.operation.name values. */
export const GATEWAY_OPERATIONS: readonly (readonly [string, string])[] = [
  ["completion", "chat"],
  ["acompletion", "chat"],
  ["text_completion", "text_completion"],
  ["atext_completion", "text_completion"],
  ["embedding", "embeddings"],
  ["aembedding", "embeddings"],
  ["responses", "responses"],
  ["aresponses", "responses"],
];

/** Where readers leave LiteLLM's failure details (`metadata.error_information` JSON). */
const ERROR_INFO = "attributes['metadata.error_information']";

const KNOWN =
  "SELECT source_file, source_line, ifNull(request_id, '') FROM llm_calls WHERE source = 'gateway'";

/**
 * INSERT ... SELECT turning `gateway_rows` not in `llm_calls` yet into call rows. Gateway
 * token columns are OpenAI-style: prompt_tokens includes cache reads and writes.
 */
export function gatewayCallsInsert(contract: IdentityContract): Sql {
  const p = new Params("g");
  const http = `coalesce(toUInt16OrNull(row_status), toUInt16OrNull(JSONExtractString(${ERROR_INFO}, 'error_code')))`;
  const errorText = `concat(row_status, ' ', JSONExtractString(${ERROR_INFO}, 'error_class'), ' ', JSONExtractString(${ERROR_INFO}, 'error_message'))`;
  const failed = `(lower(row_status) IN ('failure', 'failed', 'fail', 'error') OR ifNull(${http}, 0) >= 400)`;
  const status = statusExpr(p, { cacheHit: "ifNull(cache_hit, false)", failed, http, errorText });
  const op = `lower(call_type)`;
  const text = `INSERT INTO llm_calls (${LLM_CALL_COLUMNS.join(", ")})
SELECT
  if(row_request_id = '', concat('gateway:', source_file, '#', toString(source_line)), concat('gateway:', row_request_id)) AS call_key,
  'gateway' AS source,
  source_format, source_file, source_line, trace_id,
  '' AS span_id, '' AS parent_span_id, '' AS service_name,
  call_type AS span_name,
  nullIf(transform(${op}, ${p.strs(GATEWAY_OPERATIONS.map(([f]) => f))}, ${p.strs(GATEWAY_OPERATIONS.map(([, t]) => t))}, ${op}), '') AS operation,
  ${canonicalProvider(p, "row_provider")} AS provider,
  coalesce(nullIf(model_group, ''), nullIf(model, '')) AS request_model,
  coalesce(nullIf(attributes['response_model'], ''), nullIf(model, '')) AS response_model,
  coalesce(nullIf(attributes['response_id'], ''), nullIf(row_request_id, '')) AS response_id,
  nullIf(row_request_id, '') AS request_id,
  ${tokenBuckets("prompt_tokens", "CAST(NULL, 'Nullable(Int64)')", "cache_read_tokens", "cache_write_tokens")},
  cache_read_tokens, cache_write_tokens,
  completion_tokens AS output_tokens,
  CAST(NULL, 'Nullable(Int64)') AS reasoning_tokens,
  total_tokens, stream,
  ${status} AS status,
  if(${failed}, nullIf(JSONExtractString(${ERROR_INFO}, 'error_class'), ''), NULL) AS error_type,
  CAST(row_start, 'DateTime64(9, \\'UTC\\')') AS start_time,
  CAST(row_end, 'DateTime64(9, \\'UTC\\')') AS end_time,
  nullIf(lower(api_key_hash), '') AS key_hash,
  tenant, team, workload, project, feature, identity_keys,
  spend AS reported_cost
FROM (
  SELECT *, ${identityValueColumns()}
  FROM (
    -- Raw columns the outer SELECT replaces under the same name get a second name here.
    SELECT *, status AS row_status, provider AS row_provider, request_id AS row_request_id,
      start_time AS row_start, end_time AS row_end,
      ${identityHitColumns(p, contract, "attributes", null)}
    FROM gateway_rows
    WHERE (source_file, source_line, request_id) NOT IN (${KNOWN})
  )
)`;
  return sql(text, p.values);
}
