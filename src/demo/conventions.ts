import type { Attrs, SpanKind } from "./model.js";
import { KIND } from "./model.js";
import type { ModelId, Provider, Usage } from "./prices.js";

/** What the client saw of one call: the input every convention encodes its own way. */
export interface CallSiteFacts {
  requestModel: ModelId;
  /** Null when no response arrived (rate limited). */
  responseModel: string | null;
  provider: Provider;
  responseId: string | null;
  /** Null when the span records no usage (aborted stream, failed attempt). */
  usage: Usage | null;
  stream: boolean;
  serverAddress: string;
  /** Vercel `ai.telemetry.functionId` (the feature). */
  functionId: string;
  errorType: string | null;
}

export interface CallSiteShape {
  name: string;
  kind: SpanKind;
  attributes: Attrs;
}

export type Convention = "otel-current" | "otel-deprecated" | "openinference" | "openllmetry" | "vercel";

const set = (attrs: Attrs, key: string, value: string | number | null | undefined): void => {
  if (value !== null && value !== undefined) attrs[key] = value;
};
const positive = (n: number | undefined): number | null => (n !== undefined && n > 0 ? n : null);

/** OpenTelemetry GenAI, current names (gen_ai.provider.name, usage.input_tokens, cache_*). */
function otelCurrent(f: CallSiteFacts): CallSiteShape {
  const a: Attrs = { "gen_ai.operation.name": "chat", "gen_ai.provider.name": f.provider };
  a["gen_ai.request.model"] = f.requestModel;
  if (f.stream) a["gen_ai.request.stream"] = true;
  a["server.address"] = f.serverAddress;
  a["server.port"] = f.serverAddress.startsWith("api.") ? 443 : 4000;
  set(a, "gen_ai.response.id", f.responseId);
  set(a, "gen_ai.response.model", f.responseModel);
  if (f.responseId !== null) a["gen_ai.response.finish_reasons"] = ["stop"];
  set(a, "gen_ai.usage.input_tokens", f.usage?.input);
  set(a, "gen_ai.usage.output_tokens", f.usage?.output);
  set(a, "gen_ai.usage.cache_read.input_tokens", positive(f.usage?.cacheRead));
  set(a, "gen_ai.usage.cache_creation.input_tokens", positive(f.usage?.cacheWrite));
  set(a, "error.type", f.errorType);
  return { name: `chat ${f.requestModel}`, kind: KIND.client, attributes: a };
}

/** Deprecated GenAI names (gen_ai.system, usage.prompt_tokens / completion_tokens). */
function otelDeprecated(f: CallSiteFacts): CallSiteShape {
  const a: Attrs = { "gen_ai.system": f.provider, "gen_ai.operation.name": "chat" };
  a["gen_ai.request.model"] = f.requestModel;
  a["server.address"] = f.serverAddress;
  set(a, "gen_ai.response.id", f.responseId);
  set(a, "gen_ai.response.model", f.responseModel);
  if (f.responseId !== null) a["gen_ai.response.finish_reasons"] = ["stop"];
  set(a, "gen_ai.usage.prompt_tokens", f.usage?.input);
  set(a, "gen_ai.usage.completion_tokens", f.usage?.output);
  set(a, "error.type", f.errorType);
  return { name: `chat ${f.requestModel}`, kind: KIND.client, attributes: a };
}

/** OpenInference: llm.* attributes; the response id only inside output.value. */
function openInference(f: CallSiteFacts): CallSiteShape {
  const a: Attrs = { "openinference.span.kind": "LLM", "llm.system": f.provider, "llm.provider": f.provider };
  a["llm.model_name"] = f.responseModel ?? f.requestModel;
  a["llm.invocation_parameters"] = JSON.stringify({ model: f.requestModel, temperature: 0.2 });
  if (f.usage !== null) {
    a["llm.token_count.prompt"] = f.usage.input;
    a["llm.token_count.completion"] = f.usage.output;
    a["llm.token_count.total"] = f.usage.input + f.usage.output;
    set(a, "llm.token_count.prompt_details.cache_read", positive(f.usage.cacheRead));
  }
  if (f.responseId !== null) {
    const usage = f.usage && { prompt_tokens: f.usage.input, completion_tokens: f.usage.output };
    const body = { id: f.responseId, object: "chat.completion", model: f.responseModel, usage };
    a["output.value"] = JSON.stringify(body);
    a["output.mime_type"] = "application/json";
  }
  return { name: "ChatCompletion", kind: KIND.internal, attributes: a };
}

/** OpenLLMetry (Traceloop) Anthropic instrumentation. */
function openLlmetry(f: CallSiteFacts): CallSiteShape {
  const a: Attrs = { "llm.request.type": "chat", "gen_ai.system": "Anthropic" };
  a["gen_ai.request.model"] = f.requestModel;
  set(a, "gen_ai.response.id", f.responseId);
  set(a, "gen_ai.response.model", f.responseModel);
  if (f.usage !== null) {
    a["gen_ai.usage.input_tokens"] = f.usage.input;
    a["gen_ai.usage.output_tokens"] = f.usage.output;
    a["llm.usage.total_tokens"] = f.usage.input + f.usage.output;
    set(a, "gen_ai.usage.cache_read.input_tokens", positive(f.usage.cacheRead));
    set(a, "gen_ai.usage.cache_creation.input_tokens", positive(f.usage.cacheWrite));
  }
  if (f.stream) a["llm.is_streaming"] = true;
  set(a, "error.type", f.errorType);
  return { name: "anthropic.chat", kind: KIND.client, attributes: a };
}

/** Vercel AI SDK v6 provider-call span (`ai.streamText.doStream` / `ai.generateText.doGenerate`). */
function vercel(f: CallSiteFacts): CallSiteShape {
  const op = f.stream ? "ai.streamText.doStream" : "ai.generateText.doGenerate";
  const provider = f.provider === "openai" ? "openai.chat" : "anthropic.messages";
  const a: Attrs = { "operation.name": `${op} ${f.functionId}`, "ai.operationId": op };
  a["ai.model.provider"] = provider;
  a["ai.model.id"] = f.requestModel;
  a["ai.telemetry.functionId"] = f.functionId;
  a["ai.settings.maxRetries"] = 2;
  a["gen_ai.system"] = provider;
  a["gen_ai.request.model"] = f.requestModel;
  set(a, "ai.response.id", f.responseId);
  set(a, "ai.response.model", f.responseModel);
  set(a, "gen_ai.response.id", f.responseId);
  set(a, "gen_ai.response.model", f.responseModel);
  if (f.usage !== null) {
    a["ai.response.finishReason"] = "stop";
    a["ai.usage.inputTokens"] = f.usage.input;
    a["ai.usage.outputTokens"] = f.usage.output;
    a["ai.usage.totalTokens"] = f.usage.input + f.usage.output;
    set(a, "ai.usage.cachedInputTokens", positive(f.usage.cacheRead));
    a["gen_ai.response.finish_reasons"] = ["stop"];
    a["gen_ai.usage.input_tokens"] = f.usage.input;
    a["gen_ai.usage.output_tokens"] = f.usage.output;
  }
  return { name: op, kind: KIND.internal, attributes: a };
}

/** Call-site span encoders, one per instrumentation convention. */
export const CONVENTIONS: Record<Convention, (facts: CallSiteFacts) => CallSiteShape> = {
  "otel-current": otelCurrent,
  "otel-deprecated": otelDeprecated,
  openinference: openInference,
  openllmetry: openLlmetry,
  vercel,
};
