import type { BodyProblem } from "../record/evidence.js";
import { isEventStream } from "./har-body.js";
import { anthropicUsage, mergeUsage, NO_USAGE, openaiUsage, type UsageBuckets } from "./llm-usage.js";

/** What a provider response body says about its call (never its content). */
export interface ResponseFacts {
  responseId: string | null;
  responseModel: string | null;
  usage: UsageBuckets;
  /** JSON parsed, or the stream's end (`[DONE]`, `message_stop`, `response.completed`) seen. */
  complete: boolean;
  errorType: string | null;
  eventStream: boolean;
  problem: BodyProblem | "";
}

type Json = Record<string, unknown>;

/** Facts of a JSON or SSE response body of an OpenAI-compatible or Anthropic API. */
export function responseFacts(text: string, mimeType: string, anthropic: boolean): ResponseFacts {
  if (isEventStream(mimeType, text)) return streamFacts(text);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ...NOTHING, problem: "not_json" };
  }
  const json = obj(body);
  const usage = obj(json.usage);
  const anthropicShape = anthropic || json.type === "message";
  return {
    responseId: str(json.id),
    responseModel: str(json.model),
    usage:
      json.usage === undefined || json.usage === null
        ? NO_USAGE
        : anthropicShape
          ? anthropicUsage(usage)
          : openaiUsage(usage),
    complete: true,
    errorType: errorTypeOf(json.error),
    eventStream: false,
    problem: "",
  };
}

const NOTHING: ResponseFacts = {
  responseId: null,
  responseModel: null,
  usage: NO_USAGE,
  complete: false,
  errorType: null,
  eventStream: false,
  problem: "",
};

/** Reads an SSE body event by event; a cut last event is ignored. */
function streamFacts(text: string): ResponseFacts {
  const s = new StreamState();
  for (const { event, data } of sseEvents(text)) s.take(event, data);
  return {
    responseId: s.id,
    responseModel: s.model,
    usage: s.usage(),
    complete: s.complete,
    errorType: s.errorType,
    eventStream: true,
    problem: "",
  };
}

class StreamState {
  id: string | null = null;
  model: string | null = null;
  complete = false;
  errorType: string | null = null;
  #openai: Json | null = null;
  #anthropic: Json | null = null;

  take(event: string, data: string): void {
    if (data.trim() === "[DONE]") {
      this.complete = true;
      return;
    }
    let json: Json;
    try {
      json = obj(JSON.parse(data));
    } catch {
      return;
    }
    const type = str(json.type) ?? event;
    if (type.startsWith("message_") || type === "error") this.#anthropicEvent(type, json);
    else if (type.startsWith("response.")) this.#responsesEvent(type, obj(json.response));
    else this.#chunk(json);
  }

  usage(): UsageBuckets {
    if (this.#anthropic !== null) return anthropicUsage(this.#anthropic);
    return this.#openai === null ? NO_USAGE : openaiUsage(this.#openai);
  }

  #anthropicEvent(type: string, json: Json): void {
    if (type === "message_start") {
      const message = obj(json.message);
      this.id ??= str(message.id);
      this.model ??= str(message.model);
      this.#anthropic = mergeUsage(this.#anthropic ?? {}, obj(message.usage));
    } else if (type === "message_delta") {
      this.#anthropic = mergeUsage(this.#anthropic ?? {}, obj(json.usage));
    } else if (type === "message_stop") this.complete = true;
    else if (type === "error") this.errorType = errorTypeOf(json.error);
  }

  #responsesEvent(type: string, response: Json): void {
    this.id ??= str(response.id);
    this.model ??= str(response.model);
    if (response.usage !== null && typeof response.usage === "object") this.#openai = obj(response.usage);
    if (["response.completed", "response.incomplete", "response.failed"].includes(type)) this.complete = true;
    if (type === "response.failed") this.errorType = errorTypeOf(response.error);
  }

  #chunk(json: Json): void {
    this.id ??= str(json.id);
    this.model ??= str(json.model);
    if (json.usage !== null && typeof json.usage === "object") this.#openai = obj(json.usage);
    if (json.error !== undefined) this.errorType = errorTypeOf(json.error);
  }
}

/** Server-sent events of a body: `event` and joined `data` lines, per blank-line-ended block. */
function* sseEvents(text: string): Generator<{ event: string; data: string }> {
  let event = "";
  let data: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line === "") {
      if (data.length > 0) yield { event, data: data.join("\n") };
      event = "";
      data = [];
      continue;
    }
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  if (data.length > 0) yield { event, data: data.join("\n") };
}

/** `error.type` (OpenAI, Anthropic) else `error.code`. */
function errorTypeOf(error: unknown): string | null {
  if (error === null || error === undefined) return null;
  const e = obj(error);
  return str(e.type) ?? str(e.code) ?? (typeof error === "string" ? error : null);
}

function str(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function obj(value: unknown): Json {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}
