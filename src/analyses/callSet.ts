import type { Engine } from "../engine/engine.js";
import { type Sql, sql } from "../engine/sql.js";
import { LLM_CALL_COLUMNS } from "../normalise/columns.js";
import { callTable } from "../pricing/rate-card-table.js";
import { MISSING_VALUES } from "../record/identity.js";
import { traceIdSql } from "./sqlFns.js";

/**
 * The set of calls the findings (retries, cache, substitution, rollups) count: one row per
 * call with `llm_calls`' columns. A call with a gateway row is counted as that row (the
 * ledger's view); a span call no gateway row links to is counted once, as its outermost span.
 * A gateway row without a trace id or service of its own takes them from its linked span
 * (else the trace id from its proxy capture's `traceparent`). A proxy capture is counted as
 * itself only when it matches neither a gateway row nor a span call.
 */

/** The table `prepareFindingCalls` writes. */
export const FINDING_CALLS = "finding_calls";

/**
 * How gateway rows are linked to span calls:
 * - `call_links`: the audit's `call_links` (gateway_key, span_key) and `audit_span_calls`
 *   (span call_key -> trace_id, group_root) tables, all three join rules;
 * - `response_id`: the span's response id equals the row's request or response id; spans of
 *   one trace sharing a response id (call site and hops) are one call.
 */
export type CallLinking = "call_links" | "response_id";

/** Options every finding takes. */
export interface FindingOptions {
  /** Calls relation (one row per call, `llm_calls`' columns); default: `prepareFindingCalls` runs first. */
  calls?: string;
  /** Example trace ids per group (default 3). */
  examples?: number;
}

// Call order inside a span group: earliest start first, of two starting together the longer (outer).
const ORDER = "(start_time, -toUnixTimestamp64Nano(end_time)) AS span_order";
const OTHER_COLUMNS = LLM_CALL_COLUMNS.filter((c) => c !== "trace_id");

/** Span rows with the key of the call they belong to (`call_ref`, unique within a trace). */
function spanRowsSql(linking: CallLinking): string {
  if (linking === "call_links") {
    return `SELECT c.*, if(t.group_root != '', t.group_root, c.span_id) AS call_ref, ${ORDER}
  FROM (SELECT * FROM llm_calls WHERE source = 'span') AS c
  LEFT JOIN (SELECT call_key, any(group_root) AS group_root FROM audit_span_calls GROUP BY call_key) AS t
    ON t.call_key = c.call_key`;
  }
  return `SELECT *, coalesce(nullIf(response_id, ''), span_id) AS call_ref, ${ORDER} FROM llm_calls WHERE source = 'span'`;
}

/** Gateway call key -> span rows of its call (every linked span). */
function linkedSql(linking: CallLinking): string {
  if (linking === "call_links") {
    return `SELECT l.gateway_key AS gateway_key, s.trace_id AS trace_id, s.call_ref AS call_ref, s.start_time AS start_time
  FROM call_links AS l INNER JOIN sp AS s ON s.call_key = l.span_key`;
  }
  return `SELECT g.gateway_key AS gateway_key, s.trace_id AS trace_id, s.call_ref AS call_ref, s.start_time AS start_time
  FROM (SELECT call_key AS gateway_key, arrayJoin(arrayDistinct(arrayFilter(x -> x != '',
      [ifNull(request_id, ''), ifNull(response_id, '')]))) AS rid FROM gw) AS g
  INNER JOIN sp AS s ON s.response_id = g.rid`;
}

/** Gateway call key -> trace id of its proxy captures. */
function capturedSql(captureLinks: boolean): string {
  if (captureLinks)
    return "SELECT gk AS gateway_key, trace_id FROM audit_capture_ends WHERE gk != '' AND trace_id != ''";
  return `SELECT g.rid_key AS gateway_key, c.trace_id AS trace_id FROM cap AS c
  INNER JOIN (SELECT call_key AS rid_key, ${GATEWAY_RIDS} AS rid FROM gw) AS g ON g.rid = c.response_id
  WHERE c.trace_id != ''`;
}

/** Captures no gateway row or span call accounts for. */
function captureOnlyWhere(captureLinks: boolean): string {
  if (captureLinks) {
    return "call_key IN (SELECT capture_key FROM audit_capture_ends WHERE gk = '' AND span_group = '')";
  }
  return `ifNull(response_id, '') = '' OR response_id NOT IN (
    SELECT ${GATEWAY_RIDS} FROM gw UNION ALL SELECT response_id FROM sp WHERE ifNull(response_id, '') != '')`;
}

const GATEWAY_RIDS =
  "arrayJoin(arrayDistinct(arrayFilter(x -> x != '', [ifNull(request_id, ''), ifNull(response_id, '')])))";

function gatewaySelect(): string {
  const own = traceIdSql("g.trace_id");
  const fromSpan: Record<string, string> = {
    trace_id: `multiIf(${own} != '', ${own}, s.trace_id != '', s.trace_id, ifNull(cg.trace_id, ''))`,
    span_id: "if(g.span_id != '', g.span_id, s.span_id)",
    parent_span_id: "if(g.parent_span_id != '', g.parent_span_id, s.parent_span_id)",
    service_name: "if(g.service_name != '', g.service_name, s.service_name)",
    span_name: "if(s.span_name != '', s.span_name, g.span_name)",
  };
  const items = LLM_CALL_COLUMNS.map((c) => `${fromSpan[c] ?? `g.${c}`} AS ${c}`);
  return `SELECT ${items.join(", ")}
FROM gw AS g
LEFT JOIN (SELECT gateway_key, argMin((trace_id, call_ref), start_time) AS target FROM linked GROUP BY gateway_key) AS t
  ON t.gateway_key = g.call_key
LEFT JOIN span_calls AS s ON s.trace_id = t.target.1 AND s.call_ref = t.target.2
LEFT JOIN (SELECT gateway_key, min(trace_id) AS trace_id FROM captured GROUP BY gateway_key) AS cg
  ON cg.gateway_key = g.call_key`;
}

/**
 * SELECT of the finding call set over `llm_calls` (columns in `LLM_CALL_COLUMNS` order).
 * `captureLinks`: the audit's `audit_capture_ends` exists (else captures join by response id).
 */
export function ledgerCallsSql(linking: CallLinking, captureLinks = false): Sql {
  const first = OTHER_COLUMNS.map((c) => `argMin(sp.${c}, span_order) AS ${c}`).join(", ");
  const text = `WITH
sp AS (${spanRowsSql(linking)}),
gw AS (SELECT * FROM llm_calls WHERE source = 'gateway' ORDER BY call_key, source_file, source_line LIMIT 1 BY call_key),
cap AS (SELECT * FROM llm_calls WHERE source = 'capture' ORDER BY call_key LIMIT 1 BY call_key),
linked AS (${linkedSql(linking)}),
captured AS (${capturedSql(captureLinks)}),
span_calls AS (SELECT trace_id, call_ref, ${first} FROM sp GROUP BY trace_id, call_ref)
${gatewaySelect()}
UNION ALL
SELECT ${LLM_CALL_COLUMNS.join(", ")} FROM span_calls
WHERE (trace_id, call_ref) NOT IN (SELECT trace_id, call_ref FROM linked)
UNION ALL
SELECT ${LLM_CALL_COLUMNS.join(", ")} FROM cap WHERE ${captureOnlyWhere(captureLinks)}`;
  return sql(text);
}

/** `call_links` when the audit has built it (and its span groups), else `response_id`. */
export async function detectLinking(engine: Engine): Promise<CallLinking> {
  return (await tablesPresent(engine, ["call_links", "audit_span_calls"])) ? "call_links" : "response_id";
}

async function tablesPresent(engine: Engine, names: readonly string[]): Promise<boolean> {
  const rows = await engine.query<{ n: number }>(
    sql(
      "SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name IN {cs_tables:Array(String)}",
      { cs_tables: [...names] },
    ),
  );
  return Number(rows[0]?.n) === names.length;
}

/** Writes the finding call set to `finding_calls` and returns that name. */
export async function prepareFindingCalls(engine: Engine, linking?: CallLinking): Promise<string> {
  const mode = linking ?? (await detectLinking(engine));
  const captureLinks = mode === "call_links" && (await tablesPresent(engine, ["audit_capture_ends"]));
  const select = ledgerCallsSql(mode, captureLinks);
  await engine.exec(
    sql(
      `CREATE OR REPLACE TABLE ${FINDING_CALLS} ENGINE = MergeTree ORDER BY (trace_id, start_time, call_key) AS ${select.text}`,
      select.params,
    ),
  );
  return FINDING_CALLS;
}

/** The calls relation of a finding: the one given (checked), else a fresh `finding_calls`. */
export async function findingCalls(engine: Engine, options: FindingOptions): Promise<string> {
  return options.calls === undefined ? prepareFindingCalls(engine) : callTable(options.calls);
}

/** An identity value cleaned of the MISSING_VALUES: NULL when absent. `column` is our own text. */
export function cleanIdentitySql(column: string): Sql {
  const v = `trimBoth(ifNull(${column}, ''))`;
  return sql(`if(has({fc_missing:Array(String)}, lower(${v})), NULL, ${v})`, {
    fc_missing: [...MISSING_VALUES],
  });
}

/** Label of a missing identity value in every finding. */
export const UNTAGGED = "(untagged)";

/**
 * `WITH name AS (sql), ... SELECT * FROM (body)`: names relations (a calls subset, a re-priced
 * variant) so `pricedSpendSql` can take them as its table. Names are our own identifiers.
 */
export function withRelations(relations: Readonly<Record<string, Sql>>, body: Sql): Sql {
  const params: Record<string, unknown> = {};
  const ctes = Object.entries(relations).map(([name, rel]) => {
    Object.assign(params, rel.params);
    return `${callTable(name)} AS (${rel.text})`;
  });
  Object.assign(params, body.params);
  return sql(`WITH ${ctes.join(",\n")}\nSELECT * FROM (${body.text})`, params);
}
