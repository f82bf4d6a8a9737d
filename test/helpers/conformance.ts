import type { Engine } from "../../src/engine/engine.js";
import { sql } from "../../src/engine/sql.js";
import { type ExpectedCall, isoNanos } from "./expected.js";

/** One llm_calls row as the conformance test reads it. */
export interface CallRow {
  source: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string;
  span_name: string;
  request_model: string | null;
  response_model: string | null;
  provider: string | null;
  response_id: string | null;
  input_tokens: number | null;
  uncached_input_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  output_tokens: number | null;
  reasoning_tokens: number | null;
  total_tokens: number | null;
  stream: boolean | null;
  status: string;
  error_type: string | null;
  start_ns: string;
  end_ns: string;
  key_hash: string | null;
  tenant: string | null;
  team: string | null;
  workload: string | null;
  reported_cost: number | null;
}

export async function callRows(engine: Engine): Promise<CallRow[]> {
  return engine.query<CallRow>(
    sql(`SELECT source, trace_id, span_id, parent_span_id, span_name, request_model, response_model, provider,
      response_id, input_tokens, uncached_input_tokens, cache_read_tokens, cache_write_tokens, output_tokens,
      reasoning_tokens, total_tokens, stream, status, error_type,
      toString(toUnixTimestamp64Nano(start_time)) AS start_ns, toString(toUnixTimestamp64Nano(end_time)) AS end_ns,
      key_hash, tenant, team, workload, reported_cost
    FROM llm_calls ORDER BY start_time, span_id`),
  );
}

/** Pairs each expected call with the row it describes: by span id, else response id, else alone. */
export function matchRow(
  call: ExpectedCall,
  rows: readonly CallRow[],
  expectedCount: number,
): CallRow | undefined {
  if (call.span_id !== undefined) return rows.find((r) => r.span_id === call.span_id);
  if (call.response_id !== null) return rows.find((r) => r.response_id === call.response_id);
  return expectedCount === 1 && rows.length === 1 ? rows[0] : undefined;
}

/**
 * Identity keys of the corpus and the dimension our default contract maps them to (DESIGN.md
 * section 2: end users stand for the tenant; workload = workflow, function, session). The
 * first key of a dimension that the expectation states wins. LiteLLM's bare `session_id`
 * column is no workload (it is a random uuid unless the caller set it), so gateway rows skip it.
 */
const DIMENSION_KEYS = {
  tenant: ["end_user", "user_id"],
  team: ["team_id"],
  workload: ["function_id", "session_id"],
} as const;

/** The fields an expectation states, under llm_calls names; `actualView` reads the same keys. */
export function expectedView(call: ExpectedCall, source: string): Record<string, unknown> {
  const view: Record<string, unknown> = {
    request_model: call.model_requested,
    response_model: call.model_response,
    provider: call.provider,
    input_tokens: call.input_tokens,
    output_tokens: call.output_tokens,
    total_tokens: call.total_tokens,
    cache_read_tokens: call.cached_input_tokens,
    cache_write_tokens: call.cache_write_input_tokens,
    response_id: call.response_id,
    stream: call.stream,
  };
  if (call.uncached_input_tokens !== undefined) view.uncached_input_tokens = call.uncached_input_tokens;
  if (call.reasoning_tokens !== undefined) view.reasoning_tokens = call.reasoning_tokens;
  if (call.error_type !== undefined) view.error_type = call.error_type;
  if (call.cost?.total !== undefined) view.reported_cost = call.cost.total;
  const status = call.status ?? call.otel_status;
  if (status !== undefined) view.ok = ["success", "UNSET", "OK"].includes(status);
  if (call.trace_id !== undefined) view.trace_id = call.trace_id;
  if (call.span_id !== undefined) view.span_id = call.span_id;
  if (call.parent_span_id !== undefined) view.parent_span_id = call.parent_span_id ?? "";
  const start =
    call.start_time_unix_nano ?? (call.start_time === undefined ? undefined : isoNanos(call.start_time));
  const end = call.end_time_unix_nano ?? (call.end_time === undefined ? undefined : isoNanos(call.end_time));
  if (start !== undefined) view.start_ns = start;
  if (end !== undefined) view.end_ns = end;
  for (const [dim, keys] of Object.entries(DIMENSION_KEYS)) {
    const stated = keys.filter((k) => k in call.identity && !(source === "gateway" && k === "session_id"));
    if (stated.length > 0) view[dim] = stated.map((k) => call.identity[k]).find((v) => v != null) ?? null;
  }
  if ("api_key_hash" in call.identity) view.key_hash = call.identity.api_key_hash ?? null;
  return view;
}

/** The row under the keys of `expected`. */
export function actualView(row: CallRow, expected: Record<string, unknown>): Record<string, unknown> {
  const all: Record<string, unknown> = { ...row, ok: row.status === "ok" || row.status === "cache_hit" };
  return Object.fromEntries(Object.keys(expected).map((k) => [k, all[k] ?? null]));
}

/**
 * Identity values to find as raw evidence in the input: those with no dimension of ours, or
 * all of them (`source` null) when there is no call row to compare with.
 */
export function rawIdentity(identity: Record<string, unknown>, source: string | null): [string, string[]][] {
  const mapped = new Set<string>(source === null ? [] : Object.values(DIMENSION_KEYS).flat());
  if (source === "gateway") mapped.delete("session_id");
  if (source !== null) mapped.add("api_key_hash");
  return Object.entries(identity)
    .filter(([k, v]) => !mapped.has(k) && v !== null && v !== undefined)
    .map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : [String(v)]]);
}

/** Every attribute value of a span's trace and the gateway rows: where raw identity must appear. */
export async function rawValues(engine: Engine, traceId: string | null): Promise<string[]> {
  const spans = await engine.query<{ v: string[] }>(
    sql(
      `SELECT arrayConcat(mapValues(SpanAttributes), mapValues(ResourceAttributes)) AS v FROM otel_traces
       WHERE {trace:String} = '' OR TraceId = {trace:String}`,
      { trace: traceId ?? "" },
    ),
  );
  const rows = await engine.query<{ v: string[] }>(
    sql("SELECT arrayConcat(mapValues(attributes), [session_id, trace_id]) AS v FROM gateway_rows"),
  );
  return [...spans, ...rows].flatMap((r) => r.v);
}
