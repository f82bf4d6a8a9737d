import type { Sql } from "../engine/sql.js";
import { q, replaceTable } from "./sqlText.js";

/**
 * A call's path: the call-site span, the spans between it and the deepest span linked to the
 * ledger row (intermediate hops, the gateway's own span), and the spans under that one which
 * belong to this row (when one SDK span covers several retried attempts, each attempt's spans
 * go to the row that started nearest to them). Path nodes are `(service, span name, ids)`.
 */

const LINKED_SPANS = `SELECT c.gateway_key AS gk, c.rule AS rule, t.trace_id AS trace_id, t.span_id AS span_id,
    t.depth AS depth, t.start_ns AS start_ns, t.group_root AS group_root, t.ancestors AS ancestors
  FROM call_links AS c
  INNER JOIN audit_span_calls AS s ON s.call_key = c.span_key
  INNER JOIN audit_span_tree AS t ON t.trace_id = s.trace_id AND t.span_id = s.span_id`;

/** `audit_link_ends`: per linked row, its trace, call site (group root) and deepest linked span. */
export function buildLinkEnds(): Sql {
  return replaceTable(
    "audit_link_ends",
    "gk",
    q`SELECT gk, any(rule) AS rule, argMin(trace_id, (depth, start_ns)) AS trace_id,
  argMin(group_root, (depth, start_ns)) AS call_site,
  argMax(span_id, (depth, -start_ns)) AS deepest,
  argMax(ancestors, (depth, -start_ns)) AS deepest_ancestors
FROM (${LINKED_SPANS}) GROUP BY gk`,
  );
}

/** `audit_path_spans (gk, trace_id, span_id)`: chain from call site to deepest, plus the row's share below. */
export function buildPathSpans(): Sql {
  const at = "indexOf(deepest_ancestors, call_site)";
  return replaceTable(
    "audit_path_spans",
    "(gk, span_id)",
    q`WITH ends AS (
    SELECT *, multiIf(deepest = call_site, [call_site], ${at} = 0, [call_site, deepest],
      arrayConcat(arrayReverse(arraySlice(deepest_ancestors, 1, ${at})), [deepest])) AS chain
    FROM audit_link_ends),
  linked AS (SELECT trace_id, groupArray((span_id, gk, ancestors)) AS spans FROM (${LINKED_SPANS}) GROUP BY trace_id),
  below AS (
    SELECT e.gk AS gk, e.trace_id AS trace_id, t.span_id AS span_id, abs(t.start_ns - r.start_ns) AS dist
    FROM ends AS e
    INNER JOIN audit_span_tree AS t ON t.trace_id = e.trace_id
    INNER JOIN audit_gateway AS r ON r.call_key = e.gk
    LEFT JOIN linked AS k ON k.trace_id = e.trace_id
    WHERE has(t.ancestors, e.deepest)
      -- spans on or under another row's linked span belong to that row
      AND NOT arrayExists(p -> p.2 != e.gk AND p.1 != e.deepest
        AND (p.1 = t.span_id OR has(t.ancestors, p.1) OR has(p.3, t.span_id)), k.spans))
SELECT gk, trace_id, arrayJoin(chain) AS span_id FROM ends
UNION ALL
SELECT argMin(gk, (dist, gk)) AS gk, trace_id, span_id FROM below GROUP BY trace_id, span_id`,
  );
}

/**
 * `audit_paths`: per linked row, `path` (call site first, by depth then start) and
 * `ancestry` (the call site's ancestors, root first), both `Array((service, name, ids))`.
 */
export function buildPaths(): Sql {
  const node = "(t.depth, t.start_ns, t.service, t.span_name, t.ids)";
  return replaceTable(
    "audit_paths",
    "gk",
    q`WITH
  path AS (
    SELECT p.gk AS gk, arrayMap(x -> (x.3, x.4, x.5), arraySort(x -> (x.1, x.2), groupArray(${node}))) AS path,
      max(t.cancel_signal) AS path_cancel
    FROM audit_path_spans AS p INNER JOIN audit_span_tree AS t ON t.trace_id = p.trace_id AND t.span_id = p.span_id
    GROUP BY p.gk),
  up AS (
    SELECT e.gk AS gk, e.trace_id AS trace_id, arrayJoin(c.ancestors) AS span_id
    FROM audit_link_ends AS e INNER JOIN audit_span_tree AS c ON c.trace_id = e.trace_id AND c.span_id = e.call_site),
  ancestry AS (
    SELECT up.gk AS gk, arrayMap(x -> (x.3, x.4, x.5), arraySort(x -> (x.1, x.2), groupArray(${node}))) AS ancestry
    FROM up INNER JOIN audit_span_tree AS t ON t.trace_id = up.trace_id AND t.span_id = up.span_id
    GROUP BY up.gk)
SELECT path.gk AS gk, path.path AS path, path.path_cancel AS path_cancel, ancestry.ancestry AS ancestry
FROM path LEFT JOIN ancestry ON ancestry.gk = path.gk`,
  );
}
