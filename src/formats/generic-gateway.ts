import type { GatewayRow } from "../record/gateway.js";
import { AttributeBag } from "./gateway/attributes.js";
import { type RowContext, readRows, SkipRecord } from "./gateway/drive.js";
import {
  addMillis,
  amountField,
  requireColumns,
  startTimeField,
  timeField,
  tokenField,
} from "./gateway/fields.js";
import type { GatewayMapping, MappableField } from "./gateway/mapping.js";
import { inclusivePrompt } from "./gateway/tokens.js";
import type { FormatReader, Sample } from "./reader.js";
import { sampleShape } from "./records/encoding.js";
import { amountOf, flagOf, keyHashOf, textOf, traceIdOf } from "./records/values.js";

const FORMAT = "generic-gateway";

/** Divisor from each timestamp format's unit to seconds (`auto` leaves the value alone). */
const UNIT_DIVISORS = { auto: 1, unix_s: 1, unix_ms: 1e3, unix_us: 1e6, unix_ns: 1e9 } as const;

/**
 * A reader for any CSV/JSON/NDJSON gateway log, given a column mapping (`--map FILE`).
 * Without a mapping it claims nothing and reads nothing; with one it claims a sample
 * whose first record has the mapped request_id and start_time columns.
 */
export function genericGatewayReader(mapping: GatewayMapping | null): FormatReader {
  return {
    id: FORMAT,
    description: "Any CSV/JSON/NDJSON gateway log, read through a column mapping (--map FILE)",
    produces: "gateway_rows",
    detect: (sample) => (mapping === null ? 0 : detectMapped(mapping, sample)),
    read: async (input, sink) => {
      if (mapping === null) {
        const message = "the generic gateway reader needs a column mapping; pass --map FILE";
        sink.issue({ file: input.file, line: null, code: "unknown_format", message });
        return { read: 0, skipped: 0 };
      }
      const { request_id, start_time } = mapping.columns;
      return readRows(input, sink, {
        ...(mapping.format === undefined ? {} : { encoding: mapping.format }),
        checkHeader: requireColumns([[request_id], [start_time]], "the columns named in the gateway mapping"),
        map: (fields, ctx) => mappedRow(mapping, fields, ctx),
        emit: (rows) => sink.gatewayRows(rows),
      });
    },
  };
}

function detectMapped(mapping: GatewayMapping, sample: Sample): number {
  const keys = sampleShape(sample)?.keys;
  const top = (column: string) => keys?.has(column) || keys?.has(column.split(".")[0] ?? column);
  return top(mapping.columns.request_id) && top(mapping.columns.start_time) ? 100 : 0;
}

/** A column's value: an exact key first (CSV headers may contain dots), else a dotted path. */
export function lookup(fields: Record<string, unknown>, column: string): unknown {
  if (column in fields) return fields[column];
  let value: unknown = fields;
  for (const part of column.split(".")) {
    if (value === null || typeof value !== "object") return null;
    value = (value as Record<string, unknown>)[part];
  }
  return value ?? null;
}

function mappedRow(mapping: GatewayMapping, fields: Record<string, unknown>, ctx: RowContext): GatewayRow {
  const column = (field: MappableField): unknown => {
    const name = mapping.columns[field];
    return name === undefined ? null : lookup(fields, name);
  };
  const text = (field: MappableField): string => textOf(column(field))?.trim() ?? "";
  const cache = {
    read: tokenField(column("cache_read_tokens"), "cache_read_tokens"),
    write: tokenField(column("cache_write_tokens"), "cache_write_tokens"),
  };
  const prompt = tokenField(column("prompt_tokens"), "prompt_tokens");
  const start = startTimeField(scaled(column("start_time"), mapping), "start_time");
  const spend = amountField(column("spend"), "spend", ctx.warn);
  const requestId = text("request_id");
  if (requestId === "") return missingId(mapping);
  return {
    source_format: FORMAT,
    source_file: ctx.file,
    source_line: ctx.line,
    request_id: requestId,
    call_type: text("call_type"),
    api_key_hash: keyHashOf(column("api_key")),
    spend: spend === null || mapping.spendUnit === "usd" ? spend : spend / 100,
    prompt_tokens:
      mapping.promptTokens === "exclusive" ? withCache(prompt, cache) : inclusivePrompt(prompt, cache),
    completion_tokens: tokenField(column("completion_tokens"), "completion_tokens"),
    total_tokens: tokenField(column("total_tokens"), "total_tokens"),
    cache_read_tokens: cache.read,
    cache_write_tokens: cache.write,
    start_time: start,
    end_time: endTime(column, mapping, start, ctx),
    model: text("model"),
    model_group: text("model_group"),
    provider: text("provider"),
    api_base: text("api_base"),
    status: text("status"),
    cache_hit: flagOf(column("cache_hit")),
    stream: flagOf(column("stream")),
    trace_id: traceIdOf(column("trace_id")) ?? "",
    session_id: text("session_id"),
    attributes: mappedAttributes(mapping, fields),
  };
}

function missingId(mapping: GatewayMapping): never {
  throw new SkipRecord(
    "bad_record",
    `request_id (column '${mapping.columns.request_id}') is missing; expected an id for each row`,
  );
}

function withCache(
  prompt: number | null,
  cache: { read: number | null; write: number | null },
): number | null {
  return prompt === null ? null : prompt + (cache.read ?? 0) + (cache.write ?? 0);
}

/** Epoch numbers in the mapping's unit, turned into seconds (text passes through). */
function scaled(value: unknown, mapping: GatewayMapping): unknown {
  const divisor = UNIT_DIVISORS[mapping.timestampFormat];
  if (divisor === 1 || value === null) return value;
  const n = amountOf(value);
  return n.ok && n.value !== null ? n.value / divisor : value;
}

function endTime(
  column: (field: MappableField) => unknown,
  mapping: GatewayMapping,
  start: string,
  ctx: RowContext,
): string {
  const duration = amountOf(column("duration_ms"));
  const fallback = duration.ok && duration.value !== null ? addMillis(start, duration.value) : start;
  return timeField(scaled(column("end_time"), mapping), "end_time", fallback, ctx.warn);
}

function mappedAttributes(mapping: GatewayMapping, fields: Record<string, unknown>): Record<string, string> {
  const bag = new AttributeBag();
  for (const [name, source] of Object.entries(mapping.columns.attributes ?? {})) {
    bag.set(name, lookup(fields, source));
  }
  return bag.values;
}
