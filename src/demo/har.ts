import type { DemoCall, DemoSpan, DemoWorkload } from "./model.js";

/**
 * proxy_capture.har: an egress proxy (mitmproxy) in front of litellm-proxy captured its calls
 * to api.openai.com for three search-api requests, the first of them rate limited and retried.
 * The proxy's httpx instrumentation sends `traceparent`, so each entry joins its trace; the
 * response bodies carry the provider's ids and usage. Prompt text is a placeholder.
 */

/** search-api requests in the capture. */
export const CAPTURED_REQUESTS = 3;

const iso = (us: number) => new Date(Math.floor(us / 1000)).toISOString();

function litellmSpan(spans: readonly DemoSpan[], call: DemoCall): DemoSpan | undefined {
  return spans.find(
    (s) => s.traceId === call.traceId && s.name === "litellm_request" && s.startUs === call.startUs + 3_000,
  );
}

function responseBody(call: DemoCall): { status: number; text: string } {
  if (call.status === "rate_limited") {
    const error = {
      message: "Rate limit reached for gpt-4o on tokens per min (TPM)",
      type: "tokens",
      code: "rate_limit_exceeded",
    };
    return { status: 429, text: JSON.stringify({ error }) };
  }
  const u = call.usage;
  const usage =
    u === null
      ? null
      : {
          prompt_tokens: u.input,
          completion_tokens: u.output,
          total_tokens: u.input + u.output,
          prompt_tokens_details: { cached_tokens: u.cacheRead },
        };
  const choice = {
    index: 0,
    message: { role: "assistant", content: "(demo answer)" },
    finish_reason: "stop",
  };
  const body = {
    id: call.responseId,
    object: "chat.completion",
    created: Math.floor(call.startUs / 1e6),
    model: call.responseModel,
    choices: [choice],
    usage,
  };
  return { status: 200, text: JSON.stringify(body) };
}

const header = (name: string, value: string) => ({ name, value });

function entry(call: DemoCall, span: DemoSpan | undefined): Record<string, unknown> {
  const body = JSON.stringify({
    model: call.servedModel,
    messages: [{ role: "user", content: "(demo prompt)" }],
  });
  const response = responseBody(call);
  const headers = [
    header("content-type", "application/json"),
    header("authorization", "Bearer sk-proj-demo-0000"),
  ];
  if (span !== undefined) headers.push(header("traceparent", `00-${span.traceId}-${span.spanId}-01`));
  const time = (call.endUs - call.startUs - 6_000) / 1000;
  return {
    startedDateTime: iso(call.startUs + 4_000),
    time,
    request: {
      method: "POST",
      url: "https://api.openai.com/v1/chat/completions",
      httpVersion: "HTTP/1.1",
      headers,
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: body.length,
      postData: { mimeType: "application/json", text: body },
    },
    response: {
      status: response.status,
      statusText: response.status === 200 ? "OK" : "Too Many Requests",
      httpVersion: "HTTP/1.1",
      headers: [header("content-type", "application/json"), header("x-request-id", `req_${call.seq}`)],
      cookies: [],
      content: { size: response.text.length, mimeType: "application/json", text: response.text },
      redirectURL: "",
      headersSize: -1,
      bodySize: response.text.length,
    },
    cache: {},
    timings: { send: 0, wait: time, receive: 0 },
  };
}

/** The captured calls: provider calls (not gateway cache hits) of the chosen search-api traces. */
export function capturedCalls(w: DemoWorkload): DemoCall[] {
  const first = w.calls.find(
    (c) => c.service === "search-api" && c.chain !== null && c.status === "rate_limited",
  );
  if (first === undefined) return [];
  const traces: string[] = [];
  for (const c of w.calls) {
    if (c.service !== "search-api" || c.traceId === null || c.startUs < first.startUs) continue;
    if (!traces.includes(c.traceId) && traces.length < CAPTURED_REQUESTS) traces.push(c.traceId);
  }
  return w.calls.filter(
    (c) => c.traceId !== null && traces.includes(c.traceId) && !c.cacheHit && c.row !== null,
  );
}

/** The HAR file's text. */
export function harCapture(w: DemoWorkload): string {
  const entries = capturedCalls(w).map((c) => entry(c, litellmSpan(w.spans, c)));
  const log = {
    version: "1.2",
    creator: { name: "mitmproxy har_dump", version: "11.0" },
    pages: [],
    entries,
  };
  return `${JSON.stringify({ log }, null, 2)}\n`;
}
