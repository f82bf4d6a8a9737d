import type { CaptureRow } from "../record/evidence.js";
import { bodyText, type HarContent } from "./har-body.js";
import { apiKeyHash, apiOf, headerMap, identityHeaders, providerOf, requestFacts } from "./har-request.js";
import { responseFacts } from "./llm-response.js";
import { NO_USAGE } from "./llm-usage.js";
import { timeOf } from "./records/time.js";
import { parseTraceparent } from "./trace-id.js";

type Json = Record<string, unknown>;

/** What one HAR entry gave: a capture row, an entry that is no LLM call, or a broken entry. */
export type EntryResult =
  | { kind: "call"; row: CaptureRow }
  | { kind: "not_llm"; message: string }
  | { kind: "bad"; message: string };

/** One parsed HAR entry as a capture row; never throws. */
export function captureOf(entry: unknown, file: string, index: number): EntryResult {
  const e = obj(entry);
  const request = obj(e.request);
  const method = typeof request.method === "string" ? request.method : "";
  const url = urlOf(request.url);
  if (url === null) return { kind: "bad", message: "expected request.url to be an absolute URL" };
  const api = apiOf(method, url.pathname);
  if (api === null) {
    return { kind: "not_llm", message: `${method || "?"} ${url.host}${url.pathname} is not an LLM API call` };
  }
  const headers = headerMap(request.headers);
  const response = obj(e.response);
  const responseHeaders = headerMap(response.headers);
  const req = requestFacts(requestBody(obj(request.postData)));
  const content = obj(response.content) as HarContent;
  const body = bodyText(content, responseHeaders.get("content-encoding") ?? "");
  const mime = typeof content.mimeType === "string" ? content.mimeType : "";
  const res = body.ok ? responseFacts(body.text, mime, api === "anthropic_messages") : null;
  const traceparent = headers.get("traceparent") ?? "";
  const ids = parseTraceparent(traceparent);
  const status = typeof response.status === "number" && response.status > 0 ? response.status : null;
  const started = timeOf(e.startedDateTime);
  return {
    kind: "call",
    row: {
      source_file: file,
      entry: index,
      started_at: started.ok ? started.value : null,
      duration_ms: typeof e.time === "number" && e.time >= 0 ? e.time : null,
      method: method.toUpperCase(),
      host: url.host,
      path: url.pathname,
      api,
      provider: providerOf(url.hostname, api),
      request_model: req.model,
      stream: req.stream ?? (res?.eventStream ? true : null),
      user: req.user,
      metadata: req.metadata,
      api_key_hash: apiKeyHash(headers),
      traceparent_raw: traceparent,
      trace_id: ids.traceId,
      trace_id_problem: ids.problem,
      span_id: ids.spanId,
      headers: identityHeaders(headers),
      response_status: status,
      request_id: responseHeaders.get("x-request-id") ?? responseHeaders.get("request-id") ?? null,
      response_id: res?.responseId ?? null,
      response_model: res?.responseModel ?? null,
      ...(res?.usage ?? NO_USAGE),
      stream_complete: res?.complete ?? false,
      body_problem: body.ok ? (res?.problem ?? "") : body.problem,
      error_type: res?.errorType ?? null,
      reported_cost: costOf(responseHeaders.get("x-litellm-response-cost")),
    },
  };
}

function urlOf(value: unknown): URL | null {
  if (typeof value !== "string") return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** The request body text; a base64 postData (some tools write one) is decoded. */
function requestBody(postData: Json): string | null {
  const text = bodyText(postData, "");
  return text.ok ? text.text : null;
}

function costOf(value: string | undefined): number | null {
  const n = value === undefined || value.trim() === "" ? Number.NaN : Number(value);
  return Number.isFinite(n) ? n : null;
}

function obj(value: unknown): Json {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}
