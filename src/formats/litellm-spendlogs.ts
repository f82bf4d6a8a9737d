import type { GatewayRow } from "../record/gateway.js";
import { AttributeBag } from "./gateway/attributes.js";
import { type RowContext, readRows } from "./gateway/drive.js";
import {
  amountField,
  idField,
  pick,
  requireColumns,
  startTimeField,
  textField,
  timeField,
  tokenField,
} from "./gateway/fields.js";
import {
  addLitellmMetadata,
  LITELLM_IDENTITY_COLUMNS,
  litellmRequestStream,
  litellmTraceId,
} from "./gateway/litellm-common.js";
import { cacheTokensOf, inclusivePrompt } from "./gateway/tokens.js";
import type { FormatReader, Sample } from "./reader.js";
import { sampleShape } from "./records/encoding.js";
import { flagOf, jsonOf, keyHashOf, objectOf } from "./records/values.js";

const FORMAT = "litellm-spendlogs";

const CSV_COLUMNS = [["request_id"], ["startTime", "start_time"]] as const;
const EXPECTED =
  'a LiteLLM_SpendLogs export (psql \\copy ... CSV HEADER) with columns request_id, "startTime", ' +
  "prompt_tokens, completion_tokens, spend, metadata, ...";

/**
 * LiteLLM `LiteLLM_SpendLogs` rows: a psql CSV export, the `/spend/logs` JSON array
 * (summarize=false), `/spend/logs/v2` pages `{data, total, page...}`, NDJSON, or a single
 * row object (e.g. a GCS/PubSub logger body). JSON columns may be objects or JSON text.
 */
export const litellmSpendLogsReader: FormatReader = {
  id: FORMAT,
  description: "LiteLLM LiteLLM_SpendLogs rows (psql CSV export, /spend/logs JSON, NDJSON)",
  produces: "gateway_rows",
  detect,
  read: (input, sink) =>
    readRows(input, sink, {
      checkHeader: requireColumns(CSV_COLUMNS, EXPECTED),
      map: spendLogRow,
      emit: (rows) => sink.gatewayRows(rows),
    }),
};

const LITELLM_COLUMNS = ["call_type", "api_key", "custom_llm_provider", "model_group", "cache_hit"];

/**
 * Sure with a start time; weak (40) without one when most SpendLogs columns are there, so the
 * column check names the missing column instead of the file being an unknown format.
 */
function detect(sample: Sample): number {
  const keys = sampleShape(sample)?.keys;
  if (!keys?.has("request_id")) return 0;
  const litellmish = LITELLM_COLUMNS.filter((key) => keys.has(key)).length;
  if (keys.has("startTime") || keys.has("start_time")) return litellmish > 0 ? 90 : 0;
  return litellmish >= 2 && keys.has("spend") ? 40 : 0;
}

/** One SpendLogs row (CSV cells or JSON values) as a gateway row. */
export function spendLogRow(fields: Record<string, unknown>, ctx: RowContext): GatewayRow {
  const metadata = metadataOf(fields.metadata, ctx);
  const proxyRequest = pick(fields, "proxy_server_request") ?? metadata.proxy_server_request;
  const usageSources = [fields, objectOf(metadata.usage_object), objectOf(metadata.additional_usage_values)];
  const cache = cacheTokensOf(usageSources, ctx.warn);
  const start = startTimeField(pick(fields, "startTime", "start_time"), "startTime");
  return {
    source_format: FORMAT,
    source_file: ctx.file,
    source_line: ctx.line,
    request_id: idField(fields, "request_id", "request_id"),
    call_type: textField(fields, "call_type"),
    api_key_hash: keyHashOf(pick(fields, "api_key") ?? metadata.user_api_key ?? metadata.user_api_key_hash),
    spend: amountField(fields.spend, "spend", ctx.warn),
    prompt_tokens: inclusivePrompt(tokenField(fields.prompt_tokens, "prompt_tokens"), cache),
    completion_tokens: tokenField(fields.completion_tokens, "completion_tokens"),
    total_tokens: tokenField(fields.total_tokens, "total_tokens"),
    cache_read_tokens: cache.read,
    cache_write_tokens: cache.write,
    start_time: start,
    end_time: timeField(pick(fields, "endTime", "end_time"), "endTime", start, ctx.warn),
    model: textField(fields, "model"),
    model_group: textField(fields, "model_group"),
    provider: textField(fields, "custom_llm_provider"),
    api_base: textField(fields, "api_base"),
    status: textField(fields, "status"),
    cache_hit: flagOf(fields.cache_hit),
    stream: litellmRequestStream(proxyRequest),
    trace_id: litellmTraceId(metadata, proxyRequest),
    session_id: textField(fields, "session_id"),
    attributes: spendLogAttributes(fields, metadata),
  };
}

function metadataOf(value: unknown, ctx: RowContext): Record<string, unknown> {
  const metadata = objectOf(value);
  if (metadata === null && value !== null && value !== undefined && value !== "") {
    ctx.warn("metadata is not a JSON object; its keys were not read");
  }
  return metadata ?? {};
}

function spendLogAttributes(fields: Record<string, unknown>, metadata: Record<string, unknown>) {
  const bag = new AttributeBag();
  for (const column of LITELLM_IDENTITY_COLUMNS) bag.set(column, fields[column]);
  bag.set("request_tags", jsonOf(fields.request_tags) ?? fields.request_tags);
  addLitellmMetadata(bag, metadata);
  return bag.values;
}
