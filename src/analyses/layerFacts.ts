import { type Sql, sql } from "../engine/sql.js";
import { IDENTITY_LAYERS, type IdentityLayer } from "../record/identity.js";
import { q, replaceTable } from "./sqlText.js";

/** Label of a hop `A -> B`; inside one service the span names tell the two apart. */
function hop(aSvc: string, aName: string, bSvc: string, bName: string): string {
  return `if(${aSvc} != ${bSvc}, concat(${aSvc}, ' -> ', ${bSvc}), concat(${aSvc}, '[', ${aName}, '] -> ', ${bSvc}, '[', ${bName}, ']'))`;
}

/**
 * Per (call, layer) evidence, as SELECT items over `audit_calls c` ARRAY JOINed with `li`
 * (IDENTITY_LAYERS position; the key table only knows teams, li = 2). A proxy capture gives
 * what its request carried, else (team only) the team its key hash maps to in the key table:
 * both are source `capture`.
 */
const EVIDENCE = `
  c.ids[li] != '' AS tagged,
  arrayExists(n -> n.3[li] != '', c.path) AS own_has,
  if(c.linked = 1, c.path[1].3[li], '') AS call_val,
  arrayFirst(v -> v != '', arrayMap(n -> n.3[li], arrayPopFront(c.path))) AS hop_val,
  arrayFirst(v -> v != '', arrayReverse(arrayMap(n -> n.3[li], c.ancestry))) AS anc_val,
  c.linked_vals[li].1 AS linked_val,
  if(c.linked = 0, c.trace_vals[li], '') AS trace_val,
  if(li = 2 AND c.is_master = 0 AND c.key_team != '', if(c.key_team_alias != '', c.key_team_alias, c.key_team), '') AS key_val,
  c.capture_vals[li] AS capture_val,
  if(li = 2, c.capture_key_team, '') AS capture_key_val,
  if(call_val != '', call_val, hop_val) AS span_val`;

/** Segments of the path by service, and the first segment after which the layer is gone. */
const SEGMENTS = `
  arrayMap(n -> n.1, c.path) AS svcs,
  arrayCumSum(arrayMap((s, j) -> toUInt32(j = 1 OR s != svcs[j - 1]), svcs, arrayEnumerate(svcs))) AS seg_of,
  arrayFilter((s, j) -> j = 1 OR s != svcs[j - 1], svcs, arrayEnumerate(svcs)) AS seg_svcs,
  length(seg_svcs) AS nseg,
  arrayMap(k -> arrayExists((n, sid) -> sid = k AND n.3[li] != '', c.path, seg_of), range(1, nseg + 1)) AS seg_has,
  arrayFirstIndex((h, j) -> h AND (j = nseg OR NOT seg_has[j + 1]), seg_has, arrayEnumerate(seg_has)) AS drop_at`;

/** Call site's ancestors then the call site, for in-process loss. */
const ANCESTRY = `
  arrayPushBack(c.ancestry, c.path[1]) AS chain,
  arrayLastIndex(n -> n.3[li] != '', chain) AS last_at`;

const CANCELLED = `(c.status = 'client_cancelled' OR c.span_cancelled = 1 OR c.path_cancel = 1
    OR (ifNull(c.span_max_output, 0) > 0 AND ifNull(c.output_tokens, 0) < 0.99 * c.span_max_output))`;

const TEAM_SCOPED_CALLERS = `(SELECT groupUniqArray(path[1].1) FROM audit_calls
    WHERE linked = 1 AND is_master = 0 AND (key_team != '' OR ids[2] != ''))`;

const MODE = `multiIf(tagged OR NOT required, '',
    c.is_master = 1 AND (hasAny(c.callers, ${TEAM_SCOPED_CALLERS}) OR arrayExists(n -> n.3[2] != '', c.path)), 'master_key_fallback',
    c.linked = 1 AND own_has AND (ifNull(c.stream, false) OR c.span_stream = 1) AND ${CANCELLED}, 'stream_close_late',
    c.is_retry = 1 AND c.retry_prev_has[li] = 1, 'retry_header_strip',
    c.linked = 1 AND own_has, 'gateway_header_filter',
    c.linked = 1 AND (anc_val != '' OR linked_val != ''), 'async_context_loss',
    c.linked = 1, 'missing_at_call_site',
    'no_trace')`;

const DIVERGENCE = `multiIf(mode = '', '',
    mode = 'async_context_loss' AND last_at > 0,
      ${hop("chain[last_at].1", "chain[last_at].2", "chain[last_at + 1].1", "chain[last_at + 1].2")},
    mode = 'async_context_loss',
      ${hop("c.linked_vals[li].2", "c.linked_vals[li].3", "c.linked_vals[li].4", "c.linked_vals[li].5")},
    mode = 'missing_at_call_site', concat('(unset) -> ', c.path[1].1),
    c.linked = 0, '(untraced) -> ledger',
    drop_at > 0, concat(seg_svcs[drop_at], ' -> ', if(drop_at = nseg, 'ledger', seg_svcs[drop_at + 1])),
    concat(seg_svcs[nseg], ' -> ledger'))`;

const RECOVERY = `multiIf(tagged, ('', ''),
    call_val != '', ('call_span', call_val),
    hop_val != '', ('hop_span', hop_val),
    anc_val != '', ('ancestor_span', anc_val),
    linked_val != '', ('linked_trace', linked_val),
    trace_val != '', ('ancestor_span', trace_val),
    key_val != '', ('key_table', key_val),
    capture_val != '', ('capture', capture_val),
    capture_key_val != '', ('capture', capture_key_val),
    ('', ''))`;

/**
 * `audit_layers`: one row per (gateway call, layer): whether the ledger row carries it, the
 * value the spans carry, the failure mode (DESIGN.md section 4 order; '' when tagged or the
 * layer is not required), the first divergence and the recovered value with its source.
 */
export function buildLayerFacts(required: readonly IdentityLayer[]): Sql {
  const layers = sql("{aud_layers:Array(String)}", { aud_layers: [...IDENTITY_LAYERS] });
  const requiredParam = sql("{aud_required:Array(String)}", { aud_required: [...required] });
  return replaceTable(
    "audit_layers",
    "(call_key, li)",
    q`SELECT call_key, layer, li, required, cost, trace_id, row_val, span_val, tagged, mode, divergence,
  recovered.1 AS recovered_source, recovered.2 AS recovered_value
FROM (
  SELECT c.call_key AS call_key, layer, toUInt8(li) AS li, has(${requiredParam}, layer) AS required,
    c.cost AS cost, c.trace_id AS trace_id, c.ids[li] AS row_val, ${EVIDENCE}, ${SEGMENTS}, ${ANCESTRY},
    ${MODE} AS mode, ${DIVERGENCE} AS divergence, ${RECOVERY} AS recovered
  FROM audit_calls AS c
  ARRAY JOIN ${layers} AS layer, arrayEnumerate(${layers}) AS li)`,
  );
}
