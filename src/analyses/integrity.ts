import type { Engine } from "../engine/engine.js";
import { type Sql, sql } from "../engine/sql.js";
import { MISSING_VALUES } from "../record/identity.js";
import { type FindingOptions, findingCalls } from "./callSet.js";
import {
  INTEGRITY_CHECKS,
  INTEGRITY_FIXES,
  type IntegrityCheck,
  type IntegrityCheckId,
  type IntegrityExample,
  type IntegritySection,
} from "./integrityModel.js";
import {
  consumerCountsSql,
  INTEGRITY_ITEMS,
  invalidLogIdsSql,
  invalidSpanIdsSql,
  orphanSpansSql,
  queueSplitsSql,
  retryNewTraceSql,
  unknownLogTracesSql,
} from "./integritySql.js";
import { joinSql, q } from "./sqlText.js";

export type {
  IntegrityCheck,
  IntegrityCheckId,
  IntegrityExample,
  IntegritySection,
} from "./integrityModel.js";
export { INTEGRITY_CHECKS, INTEGRITY_FIXES } from "./integrityModel.js";

export interface IntegrityOptions extends FindingOptions {
  /** Largest gap from a failed attempt's end to a retry in another trace, in seconds (default 30). */
  retryWindowSeconds?: number;
}

/** The statement that writes every check's items to `integrity_items`. */
export function integrityItemsSql(calls: string, retryWindowSeconds: number): Sql {
  const selects = [
    invalidSpanIdsSql(),
    invalidLogIdsSql(),
    orphanSpansSql(),
    queueSplitsSql(),
    retryNewTraceSql(calls, retryWindowSeconds, MISSING_VALUES),
    unknownLogTracesSql(),
  ].map((s) => q`SELECT * FROM (${s})`);
  return q`CREATE OR REPLACE TABLE ${INTEGRITY_ITEMS} ENGINE = MergeTree ORDER BY (check, at)
AS ${joinSql(selects, "\nUNION ALL\n")}`;
}

interface CountRow {
  check: IntegrityCheckId;
  count: number;
  traces: number;
  recoverable: number;
}
interface PartRow {
  check: IntegrityCheckId;
  name: string;
  count: number;
}
interface ExampleRow {
  check: IntegrityCheckId;
  trace_id: string;
  related_trace_id: string;
  service: string;
  kind: string;
  at: string;
  detail: string;
}

const itemsSql = (text: string, params: Record<string, unknown> = {}) =>
  sql(text.replaceAll("ITEMS", INTEGRITY_ITEMS), params);

async function readChecks(engine: Engine, examples: number): Promise<IntegrityCheck[]> {
  const counts = await engine.query<CountRow>(
    itemsSql(`SELECT check, count() AS count, uniqExactIf(trace_id, trace_id != '') AS traces,
  countIf(recoverable = 1) AS recoverable FROM ITEMS GROUP BY check`),
  );
  const kinds = await engine.query<PartRow>(
    itemsSql(
      "SELECT check, kind AS name, count() AS count FROM ITEMS GROUP BY check, kind ORDER BY count DESC, name",
    ),
  );
  const services = await engine.query<PartRow>(
    itemsSql(`SELECT check, service AS name, count() AS count FROM ITEMS GROUP BY check, service
  ORDER BY count DESC, name LIMIT 5 BY check`),
  );
  const rows = await engine.query<ExampleRow>(
    itemsSql(
      `SELECT check, trace_id, related_trace_id, service, kind, toString(at) AS at, detail FROM (
  SELECT * FROM ITEMS ORDER BY check, at, trace_id, detail LIMIT 1 BY check, if(trace_id = '', detail, trace_id))
ORDER BY check, at, trace_id, detail LIMIT {ig_examples:UInt32} BY check`,
      { ig_examples: examples },
    ),
  );
  return INTEGRITY_CHECKS.map((check) => {
    const c = counts.find((r) => r.check === check);
    const parts = (list: PartRow[]) => list.filter((r) => r.check === check);
    return {
      check,
      count: c?.count ?? 0,
      traces: c?.traces ?? 0,
      recoverable: c?.recoverable ?? 0,
      kinds: parts(kinds).map((r) => ({ kind: r.name, count: r.count })),
      services: parts(services).map((r) => ({ service: r.name, count: r.count })),
      examples: rows.filter((r) => r.check === check).map(toExample),
      fix: INTEGRITY_FIXES[check],
    };
  });
}

function toExample(r: ExampleRow): IntegrityExample {
  return {
    traceId: r.trace_id === "" ? null : r.trace_id,
    relatedTraceId: r.related_trace_id === "" ? null : r.related_trace_id,
    service: r.service,
    kind: r.kind,
    time: r.at.startsWith("1970-01-01") ? null : r.at,
    detail: r.detail,
  };
}

async function readChecked(engine: Engine, calls: string): Promise<IntegritySection["checked"]> {
  const [row] = await engine.query<IntegritySection["checked"]>(
    sql(`SELECT (SELECT count() FROM otel_traces) AS spans,
  (SELECT uniqExact(TraceId) FROM otel_traces WHERE TraceId != '') AS traces,
  (SELECT count() FROM app_logs) AS logLines, (SELECT count() FROM ${calls}) AS calls`),
  );
  return row ?? { spans: 0, traces: 0, logLines: 0, calls: 0 };
}

async function readConsumers(engine: Engine): Promise<IntegritySection["consumerRoots"]> {
  const [row] = await engine.query<{ n_roots: number; n_linked: number; n_split: number; n_unknown: number }>(
    consumerCountsSql(),
  );
  return {
    total: row?.n_roots ?? 0,
    linked: row?.n_linked ?? 0,
    split: row?.n_split ?? 0,
    producerNotFound: row?.n_unknown ?? 0,
  };
}

/**
 * Trace integrity (DESIGN.md section 6): runs every check over `otel_traces`, `app_logs` and
 * the finding call set, and returns the report section. Leaves `integrity_items` (one row per
 * item) behind for drill-down.
 */
export async function integrityChecks(
  engine: Engine,
  options: IntegrityOptions = {},
): Promise<IntegritySection> {
  const calls = await findingCalls(engine, options);
  await engine.exec(integrityItemsSql(calls, options.retryWindowSeconds ?? 30));
  return {
    checked: await readChecked(engine, calls),
    consumerRoots: await readConsumers(engine),
    checks: await readChecks(engine, options.examples ?? 3),
  };
}
