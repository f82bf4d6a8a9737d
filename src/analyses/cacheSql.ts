import { type Sql, sql } from "../engine/sql.js";
import { pricedSpendSql } from "../pricing/priced-spend.js";
import { withRelations } from "./callSet.js";

/**
 * Span attributes that name the prompt a call was built from, tried in order: a prompt name
 * (with its version when stated), else a hash of the template text (never the text itself).
 */
export const PROMPT_NAME_KEYS = [
  ["gen_ai.prompt.name", "gen_ai.prompt.version"],
  ["langfuse.observation.prompt.name", "langfuse.observation.prompt.version"],
  ["llm.prompt_template.name", "llm.prompt_template.version"],
] as const;
export const PROMPT_TEMPLATE_KEY = "llm.prompt_template.template";

/** Gateway cache hits (status `cache_hit`) priced as if served: per model, or in total. */
export function cacheHitsSql(calls: string, byModel: boolean): Sql {
  return withRelations(
    { st_cache_hits: sql(`SELECT * FROM ${calls} WHERE status = 'cache_hit'`) },
    pricedSpendSql(byModel ? ["model"] : [], { table: "st_cache_hits" }),
  );
}

/** Up to `limit` trace ids of gateway cache hits, earliest first. */
export function cacheHitTracesSql(calls: string, limit: number): Sql {
  return sql(
    `SELECT trace_id FROM ${calls} WHERE status = 'cache_hit' AND trace_id != ''
GROUP BY trace_id ORDER BY min(start_time), trace_id LIMIT {ca_limit:UInt32}`,
    { ca_limit: limit },
  );
}

/**
 * Provider prompt-cache reads: the cache-read tokens at the cache-read rate, and the same
 * tokens priced at the input rate (moved into the uncached bucket, everything else zeroed),
 * so the discount is priced by the rate card alone.
 */
export function cacheReadsSql(calls: string, byModel: boolean): Sql {
  const dims = byModel ? (["model"] as const) : ([] as const);
  const actual = pricedSpendSql(dims, { table: "st_reads" }, { money: "decimal" });
  const atInput = pricedSpendSql(dims, { table: "st_reads_at_input" }, { money: "decimal" });
  const zero = "CAST(0, 'Nullable(Int64)')";
  const join = byModel ? "INNER JOIN" : "CROSS JOIN";
  const on = byModel ? "ON b.model = a.model" : "";
  const body = sql(
    `SELECT ${byModel ? "a.model AS model," : ""} a.calls AS calls, a.cache_read_tokens AS cache_read_tokens,
  a.unpriced_tokens AS unpriced_tokens,
  toString(a.cache_read_cost) AS cache_read_usd, toString(b.input_cost) AS at_input_usd,
  toString(b.input_cost - a.cache_read_cost) AS discount_usd
FROM (${actual.text}) AS a ${join} (${atInput.text}) AS b ${on}
ORDER BY ${byModel ? "b.input_cost - a.cache_read_cost DESC, a.model" : "calls"}`,
    { ...actual.params, ...atInput.params },
  );
  return withRelations(
    {
      st_reads: sql(
        `SELECT * FROM ${calls} WHERE ifNull(cache_read_tokens, 0) > 0 AND status != 'cache_hit'`,
      ),
      st_reads_at_input: sql(
        `SELECT * REPLACE (cache_read_tokens AS uncached_input_tokens, ${zero} AS cache_read_tokens,
  ${zero} AS cache_write_tokens, ${zero} AS output_tokens) FROM st_reads`,
      ),
    },
    body,
  );
}

function promptAttrSql(): Sql {
  const params: Record<string, unknown> = { ca_template: PROMPT_TEMPLATE_KEY };
  const named = PROMPT_NAME_KEYS.flatMap(([name, version], i) => {
    params[`ca_name${i}`] = name;
    params[`ca_version${i}`] = version;
    const n = `SpanAttributes[{ca_name${i}:String}]`;
    const v = `SpanAttributes[{ca_version${i}:String}]`;
    return [`${n} != ''`, `concat(${n}, if(${v} != '', concat('@', ${v}), ''))`];
  });
  const template = "SpanAttributes[{ca_template:String}]";
  return sql(
    `multiIf(${named.join(", ")}, ${template} != '', concat('template ', lower(hex(cityHash64(${template})))), '')`,
    params,
  );
}

/**
 * Per prompt fingerprint with at least `minCalls` ok calls, the calls whose recorded input
 * tokens are below `ratio` times the fingerprint's median: a cache the telemetry does not label.
 * Fingerprint: the prompt attribute of the call's span when present, else service, requested
 * model and span name. One row per fingerprint checked: fingerprint, calls, median, hits
 * (Array of (trace_id, call_key, input_tokens), earliest first), most hits first.
 */
export function inferredHitsSql(calls: string, minCalls: number, ratio: number): Sql {
  const attr = promptAttrSql();
  const text = `WITH
fp AS (
  SELECT c.call_key AS call_key, c.trace_id AS trace_id, c.input_tokens AS input_tokens, c.start_time AS start_time,
    if(a.attr != '', concat('prompt ', a.attr), concat(if(c.service_name = '', '(unknown)', c.service_name), ' / ',
      coalesce(nullIf(c.request_model, ''), nullIf(c.response_model, ''), '(unknown)'), ' / ', c.span_name)) AS fingerprint
  FROM ${calls} AS c
  LEFT JOIN (
    SELECT TraceId, SpanId, any(${attr.text}) AS attr FROM otel_traces
    WHERE TraceId IN (SELECT trace_id FROM ${calls} WHERE span_id != '') GROUP BY TraceId, SpanId
  ) AS a ON a.TraceId = c.trace_id AND a.SpanId = c.span_id
  WHERE c.status = 'ok' AND c.input_tokens IS NOT NULL),
stats AS (
  SELECT fingerprint, count() AS n, quantileExactInclusive(0.5)(input_tokens) AS median
  FROM fp GROUP BY fingerprint HAVING n >= {ca_min_calls:UInt32})
SELECT s.fingerprint AS fingerprint, s.n AS calls, s.median AS median,
  arrayMap(x -> (x.3, x.4, x.2), arraySort(groupArrayIf((f.start_time, f.input_tokens, f.trace_id, f.call_key),
    f.input_tokens < {ca_ratio:Float64} * s.median))) AS hits
FROM stats AS s INNER JOIN fp AS f ON f.fingerprint = s.fingerprint
GROUP BY s.fingerprint, s.n, s.median
ORDER BY length(hits) DESC, fingerprint`;
  return sql(text, { ...attr.params, ca_min_calls: minCalls, ca_ratio: ratio });
}
