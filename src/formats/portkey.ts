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
  tokenField,
} from "./gateway/fields.js";
import type { FormatReader, Sample } from "./reader.js";
import { sampleShape } from "./records/encoding.js";
import { amountOf, flagOf, objectOf, textOf, traceIdOf } from "./records/values.js";

const FORMAT = "portkey";
const EXPECTED =
  "a Portkey logs export with columns id, created_at, ai_model, req_units, res_units, cost, ...";
const CACHE_HITS = new Set(["hit", "semantic hit"]);
const CACHE_MISSES = new Set(["miss", "disabled"]);

/**
 * Portkey logs exports (JSONL, the documented encoding; CSV too). `metadata` may be a nested
 * object, JSON text, or flattened `metadata.<key>` columns. Units, from Portkey's logs-export
 * docs: `cost` is in cents of `cost_currency` (USD), so spend = cost / 100 when the currency is
 * USD or not stated, and unknown (null, raw values kept in attributes) for another currency;
 * `response_time` is milliseconds; `req_units`/`res_units`/`total_units` are prompt/completion/
 * total tokens as Portkey reports them (no cache split in the export).
 */
export const portkeyReader: FormatReader = gatewayRowReader({
  id: FORMAT,
  description: "Portkey logs export (JSONL or CSV)",
  detect,
  checkHeader: requireColumns([["id"], ["created_at"]], EXPECTED),
  map: portkeyRow,
});

function detect(sample: Sample): number {
  const keys = sampleShape(sample)?.keys;
  if (!keys || !(keys.has("ai_model") || keys.has("ai_org"))) return 0;
  const portkey = ["req_units", "res_units", "total_units", "cost_currency", "is_success"];
  return portkey.some((key) => keys.has(key)) ? 90 : 0;
}

/** One Portkey log as a gateway row; `request`/`response` bodies are never read. */
export function portkeyRow(fields: Record<string, unknown>, ctx: RowContext): GatewayRow {
  const start = startTimeField(fields.created_at, "created_at");
  const elapsed = amountOf(fields.response_time);
  const end = elapsed.ok && elapsed.value !== null ? addMillis(start, elapsed.value) : start;
  const requestUrl = textField(fields, "request_url").replace(/[?#].*$/, "");
  const traceId = textField(fields, "trace_id");
  return {
    ...rowOrigin(FORMAT, ctx),
    request_id: idField(fields, "id", "id"),
    call_type: pathOf(requestUrl),
    api_key_hash: "",
    spend: spendOf(fields, ctx),
    prompt_tokens: tokenField(fields.req_units, "req_units"),
    completion_tokens: tokenField(fields.res_units, "res_units"),
    total_tokens: tokenField(fields.total_units, "total_units"),
    cache_read_tokens: null,
    cache_write_tokens: null,
    start_time: start,
    end_time: end,
    model: textField(fields, "ai_model"),
    model_group: "",
    provider: textField(fields, "ai_org"),
    api_base: requestUrl,
    status: statusOf(fields),
    cache_hit: cacheHit(fields.cache_status),
    stream: flagOf(fields.stream_mode),
    trace_id: traceIdOf(traceId) ?? "",
    session_id: traceId,
    attributes: portkeyAttributes(fields),
  };
}

function spendOf(fields: Record<string, unknown>, ctx: RowContext): number | null {
  const currency = textOf(fields.cost_currency)?.trim().toUpperCase() ?? "USD";
  const cents = amountField(fields.cost, "cost", ctx.warn);
  return cents === null || currency !== "USD" ? null : cents / 100;
}

function statusOf(fields: Record<string, unknown>): string {
  const code = textField(fields, "response_status_code");
  if (code !== "") return code;
  const success = flagOf(fields.is_success);
  return success === null ? "" : success ? "success" : "failure";
}

function cacheHit(status: unknown): boolean | null {
  const text = textOf(status)?.trim().toLowerCase() ?? "";
  return CACHE_HITS.has(text) ? true : CACHE_MISSES.has(text) ? false : null;
}

function pathOf(url: string): string {
  const match = /^[a-z]+:\/\/[^/]+(\/.*)?$/i.exec(url);
  return match ? (match[1] ?? "") : url;
}

function portkeyAttributes(fields: Record<string, unknown>) {
  const bag = new AttributeBag();
  bag.setAll("metadata.", objectOf(fields.metadata) ?? {});
  for (const [key, value] of Object.entries(fields)) {
    if (key.startsWith("metadata.")) bag.set(key, value);
  }
  bag.set("trace_id", fields.trace_id);
  bag.set("portkey.mode", fields.mode);
  bag.set("portkey.config", fields.config);
  bag.set("portkey.prompt_slug", pick(fields, "prompt_slug"));
  bag.set("portkey.cost", fields.cost);
  bag.set("portkey.cost_currency", fields.cost_currency);
  return bag.values;
}
