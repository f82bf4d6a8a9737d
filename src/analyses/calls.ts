import { type Sql, sql } from "../engine/sql.js";
import { SpendtrailError } from "../errors.js";
import { MERGED_CALL_COLUMNS, mergedCallsSql } from "../normalise/calls.js";

/** What `spendtrail calls` can filter on, and the merged-call column each filter compares. */
export const CALL_FILTERS = {
  team: "team",
  tenant: "tenant",
  workload: "workload",
  project: "project",
  feature: "feature",
  provider: "provider",
  trace_id: "trace_id",
  source: "source",
  status: "status",
} as const;

/** Filters that match more than one column. */
const SPECIAL_FILTERS = {
  /** The requested or the served model. */
  model: (param: string) => `(request_model = ${param} OR response_model = ${param})`,
  /** The call site's service or any hop's. */
  service: (param: string) => `(service = ${param} OR has(splitByString(' -> ', service_path), ${param}))`,
} as const;

export type CallFilterKey = keyof typeof CALL_FILTERS | keyof typeof SPECIAL_FILTERS;

export const CALL_FILTER_KEYS: readonly CallFilterKey[] = [
  ...(Object.keys(CALL_FILTERS) as (keyof typeof CALL_FILTERS)[]),
  ...(Object.keys(SPECIAL_FILTERS) as (keyof typeof SPECIAL_FILTERS)[]),
];

export interface CallsFilter {
  /** Exact matches, ANDed; unknown keys are refused. */
  where?: Partial<Record<string, string>>;
  /** Default 100. */
  limit?: number;
}

/**
 * The merged calls (one row per call, hops folded in; see mergedCallsSql) for listing, newest
 * first. Filter values are bound parameters. Throws SpendtrailError E_USAGE on an unknown filter key.
 */
export function callsQuery(filter: CallsFilter): Sql {
  const merged = mergedCallsSql();
  const params: Record<string, unknown> = { ...merged.params };
  const conditions: string[] = [];
  for (const [key, value] of Object.entries(filter.where ?? {})) {
    if (value === undefined) continue;
    const name = `f_${key}`;
    params[name] = value;
    conditions.push(conditionFor(key, `{${name}:String}`));
  }
  params.limit = filter.limit ?? 100;
  const where = conditions.length === 0 ? "" : `WHERE ${conditions.join(" AND ")}`;
  return sql(
    `SELECT ${MERGED_CALL_COLUMNS.join(", ")}
FROM (${merged.text}) AS calls
${where}
ORDER BY start_time DESC, call_id
LIMIT {limit:UInt64}`,
    params,
  );
}

function conditionFor(key: string, param: string): string {
  if (Object.hasOwn(CALL_FILTERS, key)) return `${CALL_FILTERS[key as keyof typeof CALL_FILTERS]} = ${param}`;
  if (Object.hasOwn(SPECIAL_FILTERS, key)) return SPECIAL_FILTERS[key as keyof typeof SPECIAL_FILTERS](param);
  throw new SpendtrailError(
    "E_USAGE",
    `unknown calls filter "${key}"; expected one of ${CALL_FILTER_KEYS.join(", ")}`,
  );
}
