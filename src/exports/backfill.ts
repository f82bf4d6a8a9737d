import type { JoinRule } from "../analyses/join.js";
import type { RecoverySource } from "../analyses/modeIds.js";
import type { Engine } from "../engine/engine.js";
import { type Sql, sql } from "../engine/sql.js";
import type { IdentityLayer } from "../record/identity.js";

/**
 * The ledger back-fill (DESIGN.md section 3): every (untagged gateway row, layer) whose value
 * the audit recovered from other evidence of the same call, with where it came from and how
 * far to trust it. Reads the audit's working tables, so `runAudit` must have run on the
 * engine first. Rows with no evidence never appear.
 */

/** How far a recovered value can be trusted, best first. */
export const CONFIDENCES = ["high", "medium", "low"] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/**
 * Confidence of each evidence source when the gateway row is linked to its spans by response
 * id or trace id: the call's own spans (call site, hops) and a proxy capture of the same
 * request are high; an ancestor span or a linked trace (the value was set upstream, then
 * lost) and the key table (the key's team, not the caller's own statement) are medium.
 * Span evidence drops one step when the row was only fuzzy-joined to its spans (same model,
 * tokens and time, not an id) or not linked at all (its trace only).
 */
export const SOURCE_CONFIDENCE: Readonly<Record<RecoverySource, Confidence>> = {
  call_span: "high",
  hop_span: "high",
  capture: "high",
  ancestor_span: "medium",
  linked_trace: "medium",
  key_table: "medium",
};

/** The confidence of a value from `source` on a row linked by `rule` (null: not linked). */
export function confidenceOf(source: RecoverySource, rule: JoinRule | null): Confidence {
  const base = SOURCE_CONFIDENCE[source];
  if (source === "key_table" || rule === "response_id" || rule === "trace_id") return base;
  return CONFIDENCES[Math.min(CONFIDENCES.indexOf(base) + 1, CONFIDENCES.length - 1)] ?? "low";
}

/** One recovered identity value of one gateway row. */
export interface BackfillRow {
  /** The gateway's request id (LiteLLM `request_id`): what an UPDATE matches on. */
  requestId: string;
  layer: IdentityLayer;
  /**
   * The value to write. A team found as a LiteLLM team alias is given as that team's id
   * (the key table's team id for `key_table`), since `team_id` holds ids.
   */
  value: string;
  /** The value as the evidence stated it (differs from `value` only for a team alias). */
  found: string;
  source: RecoverySource;
  confidence: Confidence;
  /** How the row was linked to its spans; null when it was not (key table or same-trace evidence). */
  linkedBy: JoinRule | null;
  /** Reader of the gateway row (`litellm-spendlogs`, `helicone`...): only LiteLLM rows get SQL. */
  sourceFormat: string;
  traceId: string;
  /** The row's cost (USD, exact decimal text), null when unpriced. */
  spend: string | null;
}

/** The back-fill rows, by request id then layer (tenant, team, workload). */
export function backfillSql(): Sql {
  return sql(`WITH
  teams AS (SELECT team_id, any(team_alias) AS team_alias FROM gateway_teams GROUP BY team_id),
  aliases AS (SELECT team_alias, any(team_id) AS alias_team FROM teams WHERE team_alias != ''
    GROUP BY team_alias HAVING uniqExact(team_id) = 1),
  formats AS (SELECT call_key, any(toString(source_format)) AS source_format FROM llm_calls
    WHERE source = 'gateway' GROUP BY call_key)
SELECT c.request_id AS request_id, a.layer AS layer, a.recovered_value AS found,
  multiIf(a.layer != 'team', found,
    a.recovered_source = 'key_table' AND c.key_team != '', c.key_team,
    found IN (SELECT team_id FROM teams), found,
    ifNull(al.alias_team, '') != '', al.alias_team,
    found) AS value,
  a.recovered_source AS source, c.rule AS linked_by, f.source_format AS source_format,
  a.trace_id AS trace_id, if(a.cost IS NULL, NULL, toString(a.cost)) AS spend
FROM audit_layers AS a
INNER JOIN audit_calls AS c ON c.call_key = a.call_key
LEFT JOIN aliases AS al ON al.team_alias = a.recovered_value
LEFT JOIN formats AS f ON f.call_key = a.call_key
WHERE NOT a.tagged AND a.recovered_source != '' AND a.recovered_value != '' AND c.request_id != ''
ORDER BY request_id, a.li`);
}

interface SqlRow {
  request_id: string;
  layer: IdentityLayer;
  found: string;
  value: string;
  source: RecoverySource;
  linked_by: string;
  source_format: string | null;
  trace_id: string;
  spend: string | null;
}

/** Reads the back-fill from the audit tables (`runAudit` first). */
export async function readBackfill(engine: Engine): Promise<BackfillRow[]> {
  const rows = await engine.query<SqlRow>(backfillSql());
  return rows.map((r) => {
    const linkedBy = r.linked_by === "" ? null : (r.linked_by as JoinRule);
    return {
      requestId: r.request_id,
      layer: r.layer,
      value: r.value,
      found: r.found,
      source: r.source,
      confidence: confidenceOf(r.source, linkedBy),
      linkedBy,
      sourceFormat: r.source_format ?? "",
      traceId: r.trace_id,
      spend: r.spend,
    };
  });
}

/** Columns of the back-fill CSV, in order. */
export const BACKFILL_COLUMNS = [
  "request_id",
  "layer",
  "value",
  "found",
  "source",
  "confidence",
  "linked_by",
  "source_format",
  "trace_id",
  "spend_usd",
] as const;

/** A back-fill row as a CSV record (BACKFILL_COLUMNS). */
export function backfillRecord(row: BackfillRow): Record<(typeof BACKFILL_COLUMNS)[number], string | null> {
  return {
    request_id: row.requestId,
    layer: row.layer,
    value: row.value,
    found: row.found,
    source: row.source,
    confidence: row.confidence,
    linked_by: row.linkedBy,
    source_format: row.sourceFormat,
    trace_id: row.traceId,
    spend_usd: row.spend,
  };
}
