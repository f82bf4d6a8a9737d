import { type DiffField, type DiffRow, diffSql, toDiffRow } from "../analyses/diff.js";
import type { Engine } from "../engine/engine.js";
import { sql } from "../engine/sql.js";
import { IDENTITY_LAYERS } from "../record/identity.js";

/**
 * The per-call diff (DESIGN.md section 4) as JSONL or CSV records, in batches so a month of
 * calls never sits in memory: the diff is materialised once, then read page by page in its
 * own order (gateway calls by start time, then bypass span calls). Run it after the audit,
 * while its working tables are in place (`buildAuditReport`'s `onAudited`).
 */

/** Output formats of the diff, by file extension. */
export const DIFF_FORMATS = ["jsonl", "csv"] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

const DIFF_TABLE = "report_diff";
const ORDER = "bypass, start_ns, call_key";

/** Diff rows in batches of `batchSize`, in the diff's order. */
export async function* diffBatches(engine: Engine, batchSize = 10_000): AsyncGenerator<DiffRow[]> {
  const select = diffSql();
  await engine.exec(
    sql(
      `CREATE OR REPLACE TABLE ${DIFF_TABLE} ENGINE = MergeTree ORDER BY (${ORDER}) AS ${select.text}`,
      select.params,
    ),
  );
  for (let offset = 0; ; offset += batchSize) {
    const rows = await engine.query(
      sql(`SELECT * FROM ${DIFF_TABLE} ORDER BY ${ORDER} LIMIT {dp_limit:UInt64} OFFSET {dp_offset:UInt64}`, {
        dp_limit: batchSize,
        dp_offset: offset,
      }),
    );
    if (rows.length > 0) yield rows.map(toDiffRow);
    if (rows.length < batchSize) return;
  }
}

const FIELDS = ["requestModel", "responseModel", "inputTokens", "outputTokens"] as const;
const SNAKE: Record<(typeof FIELDS)[number], string> = {
  requestModel: "request_model",
  responseModel: "response_model",
  inputTokens: "input_tokens",
  outputTokens: "output_tokens",
};

/** CSV columns: identity layers and fields flattened to `<name>_span`, `_row`, `_match` (and layers' `_mode`, `_divergence`). */
export const DIFF_CSV_COLUMNS: readonly string[] = [
  "call_key",
  "trace_id",
  "response_id",
  "service_path",
  ...IDENTITY_LAYERS.flatMap((l) => ["span", "row", "match", "mode", "divergence"].map((s) => `${l}_${s}`)),
  ...FIELDS.flatMap((f) => ["span", "row", "match"].map((s) => `${SNAKE[f]}_${s}`)),
  "mode",
  "first_divergence",
];

function csvField(value: string | number | boolean | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function sides(f: DiffField<string | number>): (string | number | boolean | null)[] {
  return [f.span, f.row, f.match];
}

/** One CSV line (RFC 4180, CRLF) in DIFF_CSV_COLUMNS order. */
export function diffCsvLine(r: DiffRow): string {
  const values = [
    r.callKey,
    r.traceId,
    r.responseId,
    r.servicePath.join(" > "),
    ...IDENTITY_LAYERS.flatMap((l) => [...sides(r[l]), r[l].mode, r[l].firstDivergence]),
    ...FIELDS.flatMap((f) => sides(r[f])),
    r.mode,
    r.firstDivergence,
  ];
  return `${values.map(csvField).join(",")}\r\n`;
}

/** The CSV header line. */
export function diffCsvHeader(): string {
  return `${DIFF_CSV_COLUMNS.join(",")}\r\n`;
}

/** One JSONL line: the DiffRow as it is. */
export function diffJsonLine(r: DiffRow): string {
  return `${JSON.stringify(r)}\n`;
}

/** `.csv` -> csv, `.jsonl` / `.ndjson` -> jsonl; null for anything else. */
export function diffFormatOf(path: string): DiffFormat | null {
  const lower = path.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "jsonl";
  return null;
}
