import { type AttributeMap, attributesFromObject, attributeText } from "./attributes.js";
import { isRecord } from "./json-input.js";
import { type IdBytes, normaliseId, syntheticId } from "./otel-ids.js";
import { isoToNanos } from "./otel-time.js";
import { emptyDraft, type SpanDraft, SYNTHETIC_IDS_ATTRIBUTE } from "./span-draft.js";
import { shown } from "./span-run.js";

/**
 * One observation of a Langfuse trace export as the span Langfuse received. An observation's
 * `metadata` usually holds the original OTel `attributes`, `resourceAttributes` and `scope`
 * (as JSON text): they are restored first, then the export's own fields are written under the
 * names Langfuse's OTel ingestion reads (`langfuse.observation.*`, `langfuse.trace.*`,
 * `user.id`, `session.id`), so the export's values win where both exist.
 */

/** What every observation of one trace shares. */
export interface LangfuseTrace {
  /** The trace id as given (hex, or a UUID / other id that gets a synthetic hex id). */
  rawId: unknown;
  /** Trace-level attributes copied onto every span (identity, name, tags, metadata). */
  attributes: AttributeMap;
  /** Resource and scope from the trace's own metadata, for observations that carry none. */
  origin: Origin;
}

interface Origin {
  resource: AttributeMap;
  scopeName: string;
  scopeVersion: string;
}

/** Metadata keys that are the restored OTel span, not user metadata. */
const OTEL_METADATA_KEYS = new Set(["attributes", "resourceAttributes", "scope"]);

/** Model parameters that carry prompt text (system instructions, tool definitions). */
const CONTENT_PARAMETERS = new Set([
  "system_instruction",
  "instructions",
  "system",
  "messages",
  "tools",
  "input",
]);

/** The shared part of a trace object (`{id, name, userId, sessionId, tags, metadata, ...}`). */
export function langfuseTrace(trace: Record<string, unknown>): LangfuseTrace {
  const metadata = parsedMetadata(trace.metadata);
  const attributes: AttributeMap = {};
  putText(attributes, "user.id", trace.userId);
  putText(attributes, "session.id", trace.sessionId);
  putText(attributes, "langfuse.trace.name", trace.name);
  if (Array.isArray(trace.tags) && trace.tags.length > 0)
    putText(attributes, "langfuse.trace.tags", trace.tags);
  putText(attributes, "langfuse.release", trace.release);
  putText(attributes, "langfuse.version", trace.version);
  putText(attributes, "langfuse.environment", trace.environment);
  for (const [key, value] of Object.entries(metadata.user)) {
    putText(attributes, `langfuse.trace.metadata.${key}`, value);
  }
  return { rawId: trace.id, attributes, origin: originOf(metadata.otel) };
}

export type ObservationResult = { draft: SpanDraft; problems: string[] } | { error: string };

/** The span for one observation; `error` names what made it unusable. */
export function observationSpan(obs: Record<string, unknown>, trace: LangfuseTrace): ObservationResult {
  const startNs = typeof obs.startTime === "string" ? isoToNanos(obs.startTime) : null;
  if (startNs === null) return { error: `startTime must be an ISO date-time, got ${shown(obs.startTime)}` };
  if (obs.id === undefined || obs.id === null || obs.id === "") return { error: "the observation has no id" };
  const endNs = typeof obs.endTime === "string" ? isoToNanos(obs.endTime) : null;
  const problems =
    endNs === null && obs.endTime !== null && obs.endTime !== undefined
      ? [`endTime must be an ISO date-time, got ${shown(obs.endTime)}; duration stored as 0`]
      : [];
  const metadata = parsedMetadata(obs.metadata);
  const draft = emptyDraft();
  const origin = hasOrigin(metadata.otel) ? originOf(metadata.otel) : trace.origin;
  Object.assign(draft, origin, { startNs, endNs });
  draft.name = typeof obs.name === "string" ? obs.name : "";
  const attrs = { ...attributesFromObject(metadata.otelAttributes) };
  for (const [key, value] of Object.entries(metadata.user))
    putText(attrs, `langfuse.observation.metadata.${key}`, value);
  Object.assign(attrs, trace.attributes, observationAttributes(obs));
  draft.attributes = attrs;
  draft.traceId = idOf(obs.traceId ?? trace.rawId, 16, attrs, "langfuse.trace.id");
  draft.spanId = idOf(obs.id, 8, attrs, "langfuse.observation.id");
  draft.parentSpanId =
    obs.parentObservationId == null
      ? ""
      : idOf(obs.parentObservationId, 8, attrs, "langfuse.observation.parent_id");
  if (String(obs.level).toUpperCase() === "ERROR") {
    draft.statusCode = "Error";
    draft.statusMessage = typeof obs.statusMessage === "string" ? obs.statusMessage : "";
  }
  return { draft, problems };
}

function observationAttributes(obs: Record<string, unknown>): AttributeMap {
  const a: AttributeMap = {};
  if (typeof obs.type === "string") a["langfuse.observation.type"] = obs.type.toLowerCase();
  putText(a, "langfuse.observation.model.name", obs.model);
  putNonEmpty(a, "langfuse.observation.model.parameters", withoutContent(obs.modelParameters));
  putNonEmpty(a, "langfuse.observation.usage_details", obs.usageDetails);
  putNonEmpty(a, "langfuse.observation.cost_details", obs.costDetails);
  putText(a, "langfuse.observation.level", obs.level);
  putText(a, "langfuse.observation.status_message", obs.statusMessage);
  putText(a, "langfuse.observation.completion_start_time", obs.completionStartTime);
  putText(a, "langfuse.observation.prompt.name", obs.promptName);
  putText(a, "langfuse.observation.prompt.version", obs.promptVersion);
  putText(a, "langfuse.version", obs.version);
  putText(a, "langfuse.environment", obs.environment);
  // Content: the span draft's content policy drops these unless --keep-content.
  putText(a, "langfuse.observation.input", obs.input);
  putText(a, "langfuse.observation.output", obs.output);
  return a;
}

/**
 * The hex id, or a synthetic one (hash of the original) when the source id is not hex; the
 * original is kept under `keepAs` and the span is marked. Parents hash the same way, so
 * synthetic ids still link up.
 */
function idOf(raw: unknown, bytes: IdBytes, attrs: AttributeMap, keepAs: string): string {
  const id = normaliseId(raw, bytes);
  if (id !== null) return id;
  const text = attributeText(raw) ?? "";
  attrs[keepAs] = text;
  attrs[SYNTHETIC_IDS_ATTRIBUTE] = "true";
  return syntheticId(`langfuse:${text}`, bytes);
}

interface ParsedMetadata {
  otel: Record<string, unknown>;
  otelAttributes: Record<string, unknown>;
  user: Record<string, unknown>;
}

/** Langfuse exports keep metadata as JSON text; other shapes are user metadata as they are. */
function parsedMetadata(metadata: unknown): ParsedMetadata {
  let value = metadata;
  if (typeof metadata === "string") {
    try {
      value = JSON.parse(metadata);
    } catch {
      value = metadata.trim() === "" ? {} : { metadata };
    }
  }
  const all = isRecord(value) ? value : {};
  const user = Object.fromEntries(Object.entries(all).filter(([k]) => !OTEL_METADATA_KEYS.has(k)));
  const otelAttributes = isRecord(all.attributes) ? all.attributes : {};
  return { otel: all, otelAttributes, user };
}

function hasOrigin(otel: Record<string, unknown>): boolean {
  return isRecord(otel.resourceAttributes) || isRecord(otel.scope);
}

function originOf(otel: Record<string, unknown>): Origin {
  const scope = isRecord(otel.scope) ? otel.scope : {};
  return {
    resource: isRecord(otel.resourceAttributes) ? attributesFromObject(otel.resourceAttributes) : {},
    scopeName: typeof scope.name === "string" ? scope.name : "",
    scopeVersion: typeof scope.version === "string" ? scope.version : "",
  };
}

function withoutContent(parameters: unknown): unknown {
  if (!isRecord(parameters)) return parameters;
  return Object.fromEntries(Object.entries(parameters).filter(([k]) => !CONTENT_PARAMETERS.has(k)));
}

function putText(attrs: AttributeMap, key: string, value: unknown): void {
  const text = attributeText(value);
  if (text !== null && text !== "") attrs[key] = text;
}

function putNonEmpty(attrs: AttributeMap, key: string, value: unknown): void {
  if (isRecord(value) && Object.keys(value).length === 0) return;
  putText(attrs, key, value);
}
