import type { IngestSummary } from "../ingest/index.js";
import { MERGED_CALL_COLUMNS } from "../normalise/calls.js";
import { type Row, renderCsv, renderJson, renderTable } from "./render.js";
import { renderIngestJson, renderIngestTable } from "./summary.js";

/** `spendtrail ingest --format` values; the flag's choices are this object's keys. */
export const INGEST_RENDERERS = {
  table: renderIngestTable,
  json: renderIngestJson,
} as const satisfies Record<string, (summary: IngestSummary) => string>;

/** `spendtrail calls --format` values; the flag's choices are this object's keys. */
export const CALL_RENDERERS = {
  table: (rows) =>
    renderTable(rows.map(callLine), CALL_TABLE_COLUMNS, { numeric: ["input", "cached", "output"] }),
  json: renderJson,
  csv: (rows) => renderCsv(rows, MERGED_CALL_COLUMNS),
} as const satisfies Record<string, (rows: readonly Row[]) => string>;

/** What a terminal has room for; JSON and CSV carry every column. */
const CALL_TABLE_COLUMNS = [
  "start_time",
  "service",
  "model",
  "input",
  "cached",
  "output",
  "status",
  "tenant",
  "team",
  "workload",
  "source",
] as const;

function callLine(row: Row): Row {
  return {
    // Seconds are enough to find a call in a list; JSON and CSV keep the nanoseconds.
    start_time: typeof row.start_time === "string" ? row.start_time.slice(0, 19) : row.start_time,
    // Gateway-only calls have no service: show "-" rather than a blank.
    service: row.service_path || row.service || null,
    model: row.response_model ?? row.request_model,
    input: row.input_tokens,
    cached: row.cache_read_tokens,
    output: row.output_tokens,
    status: row.status,
    tenant: row.tenant,
    team: row.team,
    workload: row.workload,
    source: row.source,
  };
}
