// Generates OTLP/JSON lines (the Collector `file` exporter's output) of realistic LLM traffic:
// several services, every attribute convention spendtrail reads, identity attributes, HTTP
// parents, 20-100 spans per line. Deterministic for a given span count.

import { once } from "node:events";
import { createWriteStream } from "node:fs";

/** Small seeded PRNG (mulberry32) so runs are comparable. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = rng(42);
const pick = (xs) => xs[Math.floor(random() * xs.length)];
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const hex = (n) => {
  let s = "";
  for (let i = 0; i < n; i++) s += "0123456789abcdef"[Math.floor(random() * 16)];
  return s;
};

const str = (key, value) => ({ key, value: { stringValue: value } });
const num = (key, value) => ({ key, value: { intValue: String(value) } });
const dbl = (key, value) => ({ key, value: { doubleValue: value } });
const bool = (key, value) => ({ key, value: { boolValue: value } });
const arr = (key, values) => ({
  key,
  value: { arrayValue: { values: values.map((v) => ({ stringValue: v })) } },
});

const TENANTS = ["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "tyrell"];
const TEAMS = ["search", "support", "growth", "billing", "risk"];
const MODELS = [
  "gpt-4o-2024-08-06",
  "gpt-4o-mini",
  "claude-3-5-sonnet-20241022",
  "gemini-1.5-pro",
  "o3-mini",
];

const SERVICES = [
  { name: "checkout-api", scope: "@opentelemetry/instrumentation-openai", version: "0.21.0", style: "genai" },
  {
    name: "support-bot",
    scope: "@arizeai/openinference-instrumentation-openai",
    version: "4.2.7",
    style: "openinference",
  },
  {
    name: "search-worker",
    scope: "@traceloop/instrumentation-openai",
    version: "0.27.0",
    style: "traceloop",
  },
  { name: "web-app", scope: "ai", version: "5.0.277", style: "vercel" },
  { name: "litellm-proxy", scope: "litellm", version: "1.74.0", style: "litellm" },
  { name: "ai-gateway", scope: "gateway", version: "2.3.1", style: "deprecated" },
];

function usage() {
  const input = int(200, 4000);
  return { input, cached: random() < 0.3 ? int(0, input) : 0, output: int(10, 900) };
}

function llmAttributes(style, ctx) {
  const model = ctx.model;
  const u = usage();
  const id = `chatcmpl-${hex(24)}`;
  switch (style) {
    case "genai":
      return [
        str("gen_ai.operation.name", "chat"),
        str("gen_ai.provider.name", "openai"),
        str("gen_ai.request.model", model),
        str("gen_ai.response.model", model),
        str("gen_ai.response.id", id),
        num("gen_ai.usage.input_tokens", u.input),
        num("gen_ai.usage.output_tokens", u.output),
        num("gen_ai.usage.cache_read.input_tokens", u.cached),
        dbl("gen_ai.request.temperature", 0.7),
        arr("gen_ai.response.finish_reasons", ["stop"]),
        str("tenant_id", ctx.tenant),
        str("app.team_id", ctx.team),
      ];
    case "openinference":
      return [
        str("openinference.span.kind", "LLM"),
        str("llm.provider", "openai"),
        str("llm.model_name", model),
        num("llm.token_count.prompt", u.input),
        num("llm.token_count.completion", u.output),
        num("llm.token_count.prompt_details.cache_read", u.cached),
        str("session.id", `sess-${hex(8)}`),
        str("metadata", JSON.stringify({ tenant_id: ctx.tenant, team_id: ctx.team })),
        str("output.value", JSON.stringify({ id, model, object: "chat.completion", choices: [] })),
      ];
    case "traceloop":
      return [
        str("llm.request.type", "chat"),
        str("gen_ai.system", "openai"),
        str("gen_ai.request.model", model),
        str("gen_ai.response.model", model),
        str("gen_ai.response.id", id),
        num("gen_ai.usage.prompt_tokens", u.input),
        num("gen_ai.usage.completion_tokens", u.output),
        num("llm.usage.total_tokens", u.input + u.output),
        bool("llm.is_streaming", random() < 0.5),
        str("traceloop.association.properties.tenant_id", ctx.tenant),
        str("traceloop.association.properties.team_id", ctx.team),
      ];
    case "vercel":
      return [
        str("ai.operationId", "ai.generateText.doGenerate"),
        str("ai.model.provider", "openai.chat"),
        str("ai.model.id", model),
        str("ai.response.id", id),
        str("ai.response.model", model),
        num("ai.usage.promptTokens", u.input),
        num("ai.usage.completionTokens", u.output),
        str("ai.telemetry.metadata.tenant_id", ctx.tenant),
        str("ai.telemetry.metadata.workflow_id", `wf-${int(1, 40)}`),
        str("gen_ai.system", "openai.chat"),
      ];
    case "litellm":
      return [
        str("gen_ai.system", "openai"),
        str("gen_ai.request.model", model),
        str("gen_ai.response.id", id),
        num("gen_ai.usage.prompt_tokens", u.input),
        num("gen_ai.usage.completion_tokens", u.output),
        str("metadata.user_api_key_team_id", ctx.team),
        str("metadata.user_api_key_hash", hex(64)),
        str("metadata.spend_logs_metadata", JSON.stringify({ tenant_id: ctx.tenant })),
      ];
    default:
      return [
        str("gen_ai.system", "openai"),
        str("gen_ai.request.model", model),
        num("gen_ai.usage.prompt_tokens", u.input),
        num("gen_ai.usage.completion_tokens", u.output),
        str("gen_ai.prompt.0.role", "user"),
        str("http.request.header.x-tenant-id", ctx.tenant),
        str("team_id", ctx.team),
      ];
  }
}

function span(traceId, parent, name, kind, startNs, attributes, extra = {}) {
  const spanId = hex(16);
  const durNs = BigInt(int(5, 9000)) * 1_000_000n + BigInt(int(0, 999_999));
  return {
    traceId,
    spanId,
    parentSpanId: parent,
    name,
    kind,
    startTimeUnixNano: String(startNs),
    endTimeUnixNano: String(startNs + durNs),
    attributes,
    events: extra.events ?? [],
    status: extra.status ?? { code: 0 },
  };
}

/** Spans of one trace in `service`: an HTTP server root and 1-4 LLM client calls. */
function trace(service, startNs) {
  const traceId = hex(32);
  const ctx = { tenant: pick(TENANTS), team: pick(TEAMS), model: pick(MODELS) };
  const root = span(traceId, "", "POST /v1/assist", 2, startNs, [
    str("http.request.method", "POST"),
    str("http.route", "/v1/assist"),
    num("http.response.status_code", 200),
    str("enduser.id", `user-${int(1, 5000)}`),
    str("tenant_id", ctx.tenant),
  ]);
  const spans = [root];
  const calls = int(1, 4);
  for (let i = 0; i < calls; i++) {
    const failed = random() < 0.03;
    const name = service.style === "litellm" ? "litellm_request" : `chat ${ctx.model}`;
    const events = failed
      ? [
          {
            timeUnixNano: String(startNs + 1_000_000n),
            name: "exception",
            attributes: [str("exception.type", "RateLimitError")],
          },
        ]
      : [];
    const status = failed ? { code: 2, message: "429 Too Many Requests" } : { code: 0 };
    spans.push(
      span(
        traceId,
        root.spanId,
        name,
        3,
        startNs + BigInt(i) * 1_000_000n,
        llmAttributes(service.style, ctx),
        { events, status },
      ),
    );
  }
  return spans;
}

function batch(startNs, target) {
  const byService = new Map();
  let count = 0;
  let t = startNs;
  while (count < target) {
    const service = pick(SERVICES);
    const spans = trace(service, t);
    t += 250_000_000n;
    count += spans.length;
    const list = byService.get(service) ?? [];
    list.push(...spans);
    byService.set(service, list);
  }
  const resourceSpans = [...byService].map(([service, spans]) => ({
    resource: {
      attributes: [
        str("service.name", service.name),
        str("service.version", "1.4.2"),
        str("deployment.environment", "production"),
        str("telemetry.sdk.language", "nodejs"),
      ],
      droppedAttributesCount: 0,
    },
    scopeSpans: [{ scope: { name: service.scope, version: service.version }, spans }],
  }));
  return { line: JSON.stringify({ resourceSpans }), spans: count, end: t };
}

/** Writes about `spans` spans of OTLP/JSON lines to `path`; resolves to the exact span count. */
export async function generate(path, spans) {
  const out = createWriteStream(path);
  let written = 0;
  let t = 1_760_000_000_000_000_000n;
  while (written < spans) {
    const b = batch(t, Math.min(int(20, 100), spans - written));
    t = b.end;
    written += b.spans;
    if (!out.write(`${b.line}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return written;
}
