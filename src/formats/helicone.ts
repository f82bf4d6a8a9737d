import type { GatewayRow } from "../record/gateway.js";
import { AttributeBag } from "./gateway/attributes.js";
import { gatewayRowReader, type RowContext, rowOrigin } from "./gateway/drive.js";
import {
  addMillis,
  amountField,
  idField,
  pick,
  requireColumns,
  startTimeField,
  textField,
  timeField,
  tokenField,
} from "./gateway/fields.js";
import type { FormatReader, Sample } from "./reader.js";
import { sampleShape } from "./records/encoding.js";
import { amountOf, objectOf, textOf, traceIdOf } from "./records/values.js";

const FORMAT = "helicone";
const EXPECTED =
  "a Helicone export (npx @helicone/export --format csv) with columns response_id, request_created_at, ...";
/** Helicone's `cache_reference_id` when the response did not come from its cache. */
const NO_CACHE_REFERENCE = "00000000-0000-0000-0000-000000000000";

/**
 * Helicone requests: `@helicone/export` output (JSONL by default, JSON array, CSV with its
 * fixed columns) and raw `HeliconeRequest` rows / query pages `{data: [...]}`.
 * Token columns: Helicone stores `prompt_tokens` WITHOUT cache reads and writes (its jawn
 * body processors subtract OpenAI's `cached_tokens` and keep Anthropic's raw `input_tokens`;
 * its cost code prices `prompt_tokens` as uncached). They are added back here, so
 * `prompt_tokens` is inclusive like every gateway row. Prompt audio tokens are not in the
 * export and stay out. Cost: `costUSD` (US dollars); the CSV `cost` cell is read as dollars.
 */
export const heliconeReader: FormatReader = gatewayRowReader({
  id: FORMAT,
  description: "Helicone request export (@helicone/export JSONL/JSON/CSV, HeliconeRequest rows)",
  detect,
  checkHeader: requireColumns([["request_id", "response_id"], ["request_created_at"]], EXPECTED),
  map: heliconeRow,
});

function detect(sample: Sample): number {
  const keys = sampleShape(sample)?.keys;
  if (!keys?.has("request_created_at")) return 0;
  const helicone = [
    "request_properties",
    "helicone_user",
    "costUSD",
    "request_user_id",
    "response_created_at",
  ];
  return helicone.some((key) => keys.has(key)) ? 90 : 0;
}

/** One Helicone request as a gateway row; bodies and signed body URLs are never read. */
export function heliconeRow(fields: Record<string, unknown>, ctx: RowContext): GatewayRow {
  const properties = propertiesOf(fields);
  const read = tokenField(fields.prompt_cache_read_tokens, "prompt_cache_read_tokens");
  const write = tokenField(fields.prompt_cache_write_tokens, "prompt_cache_write_tokens");
  const start = startTimeField(fields.request_created_at, "request_created_at");
  return {
    ...rowOrigin(FORMAT, ctx),
    request_id: idField(fields, "request id", "request_id", "response_id"),
    call_type: textField(fields, "request_path"),
    api_key_hash: "",
    spend: amountField(pick(fields, "costUSD", "cost_usd", "cost"), "costUSD", ctx.warn),
    prompt_tokens: addCache(tokenField(fields.prompt_tokens, "prompt_tokens"), read, write),
    completion_tokens: tokenField(fields.completion_tokens, "completion_tokens"),
    total_tokens: tokenField(fields.total_tokens, "total_tokens"),
    cache_read_tokens: read,
    cache_write_tokens: write,
    start_time: start,
    end_time: endTime(fields, start, ctx),
    model: textField(fields, "response_model", "model"),
    model_group: textField(fields, "request_model"),
    provider: textField(fields, "provider"),
    api_base: baseUrl(textField(fields, "target_url")),
    status: textField(fields, "response_status"),
    cache_hit: cacheHit(fields.cache_reference_id),
    stream: null,
    trace_id: traceIdOf(properties.trace_id ?? properties.traceparent ?? properties.otel_trace_id) ?? "",
    session_id: properties["helicone-session-id"] ?? "",
    attributes: heliconeAttributes(fields, properties),
  };
}

/** Helicone's uncached prompt tokens plus its cache tokens: the inclusive count. */
function addCache(prompt: number | null, read: number | null, write: number | null): number | null {
  return prompt === null ? null : prompt + (read ?? 0) + (write ?? 0);
}

/** `request_properties` and `properties` merged, names lower-cased (the worker stores header names). */
function propertiesOf(fields: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const source of [objectOf(fields.properties), objectOf(fields.request_properties)]) {
    for (const [name, value] of Object.entries(source ?? {})) {
      const text = textOf(value);
      if (text !== null) out[name.toLowerCase()] = text;
    }
  }
  return out;
}

function heliconeAttributes(fields: Record<string, unknown>, properties: Record<string, string>) {
  const bag = new AttributeBag();
  bag.setAll("properties.", properties);
  bag.set("helicone.user_id", fields.request_user_id);
  return bag.values;
}

function endTime(fields: Record<string, unknown>, start: string, ctx: RowContext): string {
  const delay = amountOf(pick(fields, "delay_ms", "latency"));
  const fallback = delay.ok && delay.value !== null ? addMillis(start, delay.value) : start;
  return timeField(fields.response_created_at, "response_created_at", fallback, ctx.warn);
}

function cacheHit(reference: unknown): boolean | null {
  const text = textOf(reference);
  return text === null ? null : text !== NO_CACHE_REFERENCE;
}

/** The upstream URL without its query string (which can carry keys or signatures). */
function baseUrl(url: string): string {
  const cut = url.search(/[?#]/);
  return cut < 0 ? url : url.slice(0, cut);
}
