import type { IdentityContract } from "../contract/types.js";
import { type Sql, sql } from "../engine/sql.js";
import { CALL_ATTRIBUTES } from "../record/semconv.js";
import { LLM_CALL_COLUMNS, tokenBuckets } from "./columns.js";
import { identityHitColumns, identityValueColumns } from "./identity.js";
import { firstString } from "./lookup.js";
import { Params } from "./params.js";
import {
  markedAsCall,
  markedAsNonCall,
  spanTextColumns,
  spanValueColumns,
  statesModelOrUsage,
} from "./span-fields.js";
import { leadingHttpCode, statusExpr } from "./status.js";

export interface SpanSource {
  /** Stored as llm_calls.source_format / source_file (otel_traces does not know its file). */
  format: string;
  file: string;
}

const KNOWN = "SELECT trace_id, span_id FROM llm_calls WHERE source = 'span'";

/**
 * INSERT ... SELECT turning the LLM-call spans of `otel_traces` that are not in `llm_calls`
 * yet into call rows (DESIGN.md section 1). A span is a call when a convention marks it as
 * one, or when it states a model or token usage and no marker says it is an agent, workflow,
 * tool or SDK root; such an unmarked span with a call child of another response id only sums
 * its children, so it is left out too. Stages are nested subqueries so that each expression
 * is written once (see spanTextColumns).
 */
export function spanCallsInsert(
  contract: IdentityContract,
  source: SpanSource = { format: "otel", file: "" },
): Sql {
  const p = new Params("s");
  const text = `INSERT INTO llm_calls (${LLM_CALL_COLUMNS.join(", ")})
WITH cand AS (${candidates(p)})
SELECT ${finalColumns(p, source)}
FROM (
  SELECT *, ${tokenBuckets("input_inclusive", "input_uncached", "cache_read_tokens", "cache_write_tokens")},
    ${statusColumn(p)}
  FROM (
    SELECT *, ${spanValueColumns(p)}, ${identityValueColumns()},
      coalesce(toUInt16OrNull(http_text), ${leadingHttpCode("StatusMessage")}, toUInt16OrNull(extract(ifNull(stated_error_type, ''), '^([1-5][0-9]{2})$'))) AS http
    FROM (
      SELECT TraceId, SpanId, ParentSpanId, ServiceName, SpanName, Timestamp, Duration, StatusCode, StatusMessage,
        ${spanTextColumns(p)},
        ${identityHitColumns(p, contract, "SpanAttributes", "ResourceAttributes")}
      FROM otel_traces
      WHERE (TraceId, SpanId) IN (
          SELECT TraceId, SpanId FROM cand
          WHERE marked
            OR (TraceId, SpanId) NOT IN (SELECT TraceId, ParentSpanId FROM cand)
            OR (TraceId, SpanId, ifNull(response_id, '\\0')) IN (SELECT TraceId, ParentSpanId, ifNull(response_id, '') FROM cand))
        AND (TraceId, SpanId) NOT IN (${KNOWN})
    )
  )
)`;
  return sql(text, p.values);
}

/**
 * Spans that may be calls (marked, or unmarked with a model or usage), in the traces where
 * such a span is new: a run with nothing new scans for new candidates only.
 */
function candidates(p: Params): string {
  const maybeCall = (alias: string): string =>
    `NOT ${markedAsNonCall(p)} AND (${markedAsCall(p)} AS ${alias} OR ${statesModelOrUsage(p)})`;
  return `SELECT TraceId, SpanId, ParentSpanId, marked,
    ${firstString(p, "SpanAttributes", CALL_ATTRIBUTES.responseId)} AS response_id
  FROM otel_traces
  WHERE TraceId IN (SELECT TraceId FROM otel_traces WHERE (TraceId, SpanId) NOT IN (${KNOWN}) AND ${maybeCall("new_marked")})
    AND ${maybeCall("marked")}`;
}

function statusColumn(p: Params): string {
  const failed = `(StatusCode IN ('Error', 'STATUS_CODE_ERROR') OR error_type IS NOT NULL OR upper(ifNull(level, '')) = 'ERROR' OR ifNull(http, 0) >= 400)`;
  const status = statusExpr(p, {
    cacheHit: "false",
    failed,
    http: "http",
    errorText: "concat(ifNull(error_type, ''), ' ', StatusMessage)",
  });
  return `${status} AS status`;
}

function finalColumns(p: Params, source: SpanSource): string {
  return `concat('span:', TraceId, ':', SpanId) AS call_key,
  'span' AS source,
  ${p.str(source.format)} AS source_format,
  ${p.str(source.file)} AS source_file,
  0 AS source_line,
  TraceId AS trace_id,
  SpanId AS span_id,
  ParentSpanId AS parent_span_id,
  ServiceName AS service_name,
  SpanName AS span_name,
  operation, provider, request_model, response_model, response_id,
  CAST(NULL, 'Nullable(String)') AS request_id,
  input_tokens, uncached_input_tokens, cache_read_tokens, cache_write_tokens, output_tokens,
  reasoning_tokens, total_tokens, stream, status, error_type,
  Timestamp AS start_time,
  Timestamp + toIntervalNanosecond(Duration) AS end_time,
  key_hash, tenant, team, workload, project, feature, identity_keys, reported_cost`;
}
