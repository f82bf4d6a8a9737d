import { type Sql, sql } from "../engine/sql.js";
import { q, replaceTable } from "./sqlText.js";

const GATEWAY_COLUMNS = [
  "call_key",
  "copies",
  "row_trace",
  "request_id",
  "response_id",
  "ids",
  "key_hash",
  "status",
  "stream",
  "start_ns",
  "end_ns",
  "request_model",
  "response_model",
  "families",
  "input_tokens",
  "output_tokens",
  "cost",
]
  .map((c) => `gw.${c} AS ${c}`)
  .join(", ");

/**
 * `audit_calls`: one row per gateway call with everything the modes, coverage and diff
 * read: the row's own values, its link, path and ancestry, linked-trace and same-trace
 * evidence, span values, key table facts, retry position, what its proxy captures carried.
 */
export function buildCallFacts(masterKeyHashes: readonly string[], learnMasterKeys: boolean): Sql {
  const master = sql("{aud_master_keys:Array(String)}", { aud_master_keys: [...masterKeyHashes] });
  const learned = learnMasterKeys ? "k.is_master = 1" : "false";
  return replaceTable(
    "audit_calls",
    "call_key",
    q`WITH
  keys AS (SELECT lower(key_hash) AS key_hash, max(is_master) AS is_master, any(team_id) AS team_id
    FROM gateway_keys GROUP BY key_hash),
  teams AS (SELECT team_id, any(team_alias) AS team_alias FROM gateway_teams GROUP BY team_id)
SELECT ${GATEWAY_COLUMNS},
  toUInt8(e.gk != '') AS linked, e.rule AS rule, e.call_site AS call_site,
  if(e.gk != '', e.trace_id, if(gw.row_trace != '', gw.row_trace, cv.capture_trace)) AS trace_id,
  p.path AS path, toUInt8(p.path_cancel) AS path_cancel, p.ancestry AS ancestry,
  l.linked_vals AS linked_vals, te.trace_vals AS trace_vals,
  if(e.gk != '', [p.path[1].1], te.trace_callers) AS callers,
  v.span_request_model AS span_request_model, v.span_response_model AS span_response_model,
  v.span_input_tokens AS span_input_tokens, v.span_output_tokens AS span_output_tokens,
  v.span_response_id AS span_response_id, toUInt8(v.span_stream) AS span_stream,
  toUInt8(v.span_cancelled) AS span_cancelled, v.span_max_output AS span_max_output,
  toUInt8(gw.key_hash != '' AND (has(${master}, gw.key_hash) OR ${learned})) AS is_master,
  k.team_id AS key_team, tm.team_alias AS key_team_alias,
  r.is_retry AS is_retry, r.prev_has AS retry_prev_has,
  cv.capture_vals AS capture_vals, cv.capture_key_team AS capture_key_team
FROM audit_gateway AS gw
LEFT JOIN audit_link_ends AS e ON e.gk = gw.call_key
LEFT JOIN audit_paths AS p ON p.gk = gw.call_key
LEFT JOIN audit_linked AS l ON l.gk = gw.call_key
LEFT JOIN audit_trace_evidence AS te ON te.gk = gw.call_key
LEFT JOIN audit_span_values AS v ON v.gk = gw.call_key
LEFT JOIN keys AS k ON k.key_hash = gw.key_hash
LEFT JOIN teams AS tm ON tm.team_id = k.team_id
LEFT JOIN audit_retry AS r ON r.call_key = gw.call_key
LEFT JOIN audit_capture_values AS cv ON cv.gk = gw.call_key`,
  );
}
