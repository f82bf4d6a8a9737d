import { flagOf, keyHashOf, objectOf, traceIdOf } from "../records/values.js";
import { type AttributeBag, safeHeaders } from "./attributes.js";

/**
 * Metadata keys never copied into attributes: request/response bodies and anything that
 * can echo prompt text (privacy), the model price map (bulk, no identity), personal data
 * (e-mail, IP address) and raw header maps (credentials).
 */
const DROPPED_METADATA = new Set([
  "proxy_server_request",
  "messages",
  "response",
  "model_map_information",
  "guardrail_information",
  "vector_store_request_metadata",
  "mcp_tool_call_metadata",
  "prompt_management_metadata",
  "hidden_params",
  "headers",
  "requester_ip_address",
  "user_api_key_user_email",
]);

/** `error_information` keeps its classification only; message and traceback may quote the prompt. */
const ERROR_KEYS = ["error_code", "error_class", "llm_provider"] as const;

/** LiteLLM's identity columns, copied under their own names. */
export const LITELLM_IDENTITY_COLUMNS = [
  "team_id",
  "end_user",
  "user",
  "organization_id",
  "session_id",
  "agent_id",
] as const;

/** Copies LiteLLM metadata as `metadata.<key>` (nested objects as JSON text), minus the dropped keys. */
export function addLitellmMetadata(bag: AttributeBag, metadata: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(metadata)) {
    if (DROPPED_METADATA.has(key)) continue;
    const name = `metadata.${key}`;
    if (key === "error_information") bag.set(name, pickKeys(objectOf(value), ERROR_KEYS));
    else if (key === "requester_custom_headers") bag.set(name, headersOf(value));
    else if (key === "user_api_key") bag.set(name, keyHashOf(value));
    else bag.set(name, value);
  }
}

function pickKeys(source: Record<string, unknown> | null, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = source?.[key];
    if (value !== null && value !== undefined && value !== "") out[key] = value;
  }
  return out;
}

function headersOf(value: unknown): Record<string, unknown> | null {
  const headers = objectOf(value);
  return headers === null ? null : safeHeaders(headers);
}

const TRACE_KEYS = ["trace_id", "otel_trace_id", "traceparent"] as const;

/**
 * A W3C trace id the caller left in the row: in `spend_logs_metadata` / `requester_metadata`
 * (`trace_id`, `otel_trace_id`, `traceparent`) or a `traceparent` request header. LiteLLM's
 * own `trace_id` is its session id, not an OTel trace id, and is not used here.
 */
export function litellmTraceId(metadata: Record<string, unknown>, proxyRequest: unknown): string {
  const holders = [
    objectOf(metadata.spend_logs_metadata),
    objectOf(metadata.requester_metadata),
    objectOf(objectOf(proxyRequest)?.headers),
    objectOf(metadata.headers),
    objectOf(metadata.requester_custom_headers),
  ];
  for (const holder of holders) {
    for (const key of TRACE_KEYS) {
      const id = holder ? traceIdOf(holder[key]) : null;
      if (id !== null) return id;
    }
  }
  return "";
}

/** The `stream` flag of the inbound request body, when the proxy kept it. */
export function litellmRequestStream(proxyRequest: unknown): boolean | null {
  return flagOf(objectOf(objectOf(proxyRequest)?.body)?.stream ?? null);
}
