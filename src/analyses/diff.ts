import type { Engine } from "../engine/engine.js";
import { type Sql, sql } from "../engine/sql.js";
import { IDENTITY_LAYERS } from "../record/identity.js";
import { BYPASS_WHERE } from "./callTables.js";
import { type BypassId, FAILURE_MODES, type FailureModeId, GATEWAY_BYPASS } from "./modeIds.js";

/** One compared field: what the spans say, what the ledger row says, whether they agree. */
export interface DiffField<T> {
  span: T | null;
  row: T | null;
  /** Exact for strings, within 1% for tokens; null when a side has no evidence or both are absent. */
  match: boolean | null;
}

/** An identity layer in the diff, with its own failure mode and first divergence when untagged. */
export interface DiffLayer extends DiffField<string> {
  mode: FailureModeId | null;
  firstDivergence: string | null;
}

/** The per-call diff (DESIGN.md section 4 end): one row per gateway call, plus bypass span calls. */
export interface DiffRow {
  /** The gateway call key, or the span call key of a bypass call. */
  callKey: string;
  traceId: string | null;
  responseId: string | null;
  /** Services along the call's path, consecutive repeats merged. */
  servicePath: string[];
  tenant: DiffLayer;
  team: DiffLayer;
  workload: DiffLayer;
  requestModel: DiffField<string>;
  responseModel: DiffField<string>;
  inputTokens: DiffField<number>;
  outputTokens: DiffField<number>;
  /** The call's most upstream mode (DESIGN order over its layers) and that layer's divergence. */
  mode: FailureModeId | BypassId | null;
  firstDivergence: string | null;
}

const NULL_TEXT = "CAST(NULL, 'Nullable(String)')";
const NULL_COUNT = "CAST(NULL, 'Nullable(Int64)')";
const SERVICES = `arrayFilter((s, j) -> j = 1 OR s != svcs[j - 1], svcs, arrayEnumerate(svcs))`;
const LAYER_COLUMNS = IDENTITY_LAYERS.map(
  (layer, i) =>
    `anyIf(span_val, li = ${i + 1}) AS ${layer}_span, anyIf(row_val, li = ${i + 1}) AS ${layer}_row,
  anyIf(mode, li = ${i + 1}) AS ${layer}_mode, anyIf(divergence, li = ${i + 1}) AS ${layer}_divergence`,
).join(",\n  ");

/**
 * The diff as one statement, for streaming: gateway calls first (by start time), then bypass
 * span calls. Map each row with `toDiffRow`.
 */
export function diffSql(): Sql {
  const bypassLayers = IDENTITY_LAYERS.map(
    (_, i) => `nullIf(g.ids[${i + 1}], ''), CAST(NULL, 'Nullable(String)'), '', ''`,
  ).join(",\n  ");
  const rowLayers = IDENTITY_LAYERS.map(
    (
      l,
    ) => `nullIf(l.${l}_span, '') AS ${l}_span, nullIf(l.${l}_row, '') AS ${l}_row, l.${l}_mode AS ${l}_mode,
  l.${l}_divergence AS ${l}_divergence`,
  ).join(",\n  ");
  return sql(`WITH l AS (SELECT call_key, ${LAYER_COLUMNS} FROM audit_layers GROUP BY call_key)
SELECT * FROM (
SELECT c.call_key AS call_key, c.start_ns AS start_ns, 0 AS bypass, toUInt8(c.linked) AS linked,
  nullIf(c.trace_id, '') AS trace_id,
  coalesce(nullIf(c.response_id, ''), nullIf(c.span_response_id, '')) AS response_id,
  arrayMap(n -> n.1, c.path) AS svcs, ${SERVICES} AS service_path,
  ${rowLayers},
  c.span_request_model AS request_model_span, c.request_model AS request_model_row,
  c.span_response_model AS response_model_span, c.response_model AS response_model_row,
  c.span_input_tokens AS input_tokens_span, c.input_tokens AS input_tokens_row,
  c.span_output_tokens AS output_tokens_span, c.output_tokens AS output_tokens_row
FROM audit_calls AS c INNER JOIN l ON l.call_key = c.call_key
UNION ALL
SELECT g.call_key, g.start_ns, 1, 1, nullIf(g.trace_id, ''), nullIf(g.response_id, ''),
  [g.service], [g.service],
  ${bypassLayers},
  g.request_model, ${NULL_TEXT}, g.response_model, ${NULL_TEXT}, g.input_tokens, ${NULL_COUNT}, g.output_tokens, ${NULL_COUNT}
FROM audit_groups AS g WHERE ${BYPASS_WHERE})
ORDER BY bypass, start_ns, call_key`);
}

/** A row of `diffSql()` as the engine returns it. */
export type DiffSqlRow = Record<string, unknown>;

function text(v: unknown): string | null {
  return v === null || v === undefined || v === "" ? null : String(v);
}

function count(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

function field<T>(
  span: T | null,
  row: T | null,
  linked: boolean,
  same: (a: T, b: T) => boolean,
): DiffField<T> {
  if (!linked || (span === null && row === null)) return { span, row, match: null };
  return { span, row, match: span !== null && row !== null && same(span, row) };
}

const exact = (a: string, b: string): boolean => a === b;
const withinOnePercent = (a: number, b: number): boolean => Math.abs(a - b) <= 0.01 * Math.max(a, b);

/** Maps one `diffSql()` row to the typed diff row. */
export function toDiffRow(r: DiffSqlRow): DiffRow {
  const linked = Number(r.linked) === 1 && Number(r.bypass) === 0;
  const layer = (name: string): DiffLayer => ({
    ...field(text(r[`${name}_span`]), text(r[`${name}_row`]), linked, exact),
    mode: (text(r[`${name}_mode`]) as FailureModeId | null) ?? null,
    firstDivergence: text(r[`${name}_divergence`]),
  });
  const layers = { tenant: layer("tenant"), team: layer("team"), workload: layer("workload") };
  const first = FAILURE_MODES.find((m) => IDENTITY_LAYERS.some((l) => layers[l].mode === m)) ?? null;
  const firstLayer = IDENTITY_LAYERS.find((l) => layers[l].mode === first);
  return {
    callKey: String(r.call_key),
    traceId: text(r.trace_id),
    responseId: text(r.response_id),
    servicePath: (r.service_path as string[]).filter((s) => s !== ""),
    ...layers,
    requestModel: field(text(r.request_model_span), text(r.request_model_row), linked, exact),
    responseModel: field(text(r.response_model_span), text(r.response_model_row), linked, exact),
    inputTokens: field(count(r.input_tokens_span), count(r.input_tokens_row), linked, withinOnePercent),
    outputTokens: field(count(r.output_tokens_span), count(r.output_tokens_row), linked, withinOnePercent),
    mode: Number(r.bypass) === 1 ? GATEWAY_BYPASS : first,
    firstDivergence: firstLayer === undefined ? null : layers[firstLayer].firstDivergence,
  };
}

/** The whole diff in memory (use `diffSql` to stream a large one). */
export async function readDiff(engine: Engine): Promise<DiffRow[]> {
  return (await engine.query<DiffSqlRow>(diffSql())).map(toDiffRow);
}
