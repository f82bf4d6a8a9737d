import type { AttributeMap } from "./attributes.js";
import { tagsToAttributes, take } from "./jaeger-tags.js";
import { isRecord } from "./json-input.js";
import { normaliseId } from "./otel-ids.js";
import { microsToNanos } from "./otel-time.js";
import { emptyDraft, type SpanDraft, spanKindOf } from "./span-draft.js";
import { shown } from "./span-run.js";

/**
 * One Jaeger JSON span as the Collector's Jaeger receiver turns it into an OTLP span
 * (pkg/translator/jaeger): `span.kind`, `error`, `otel.status_*`, `otel.scope.*` and
 * `w3c.tracestate` tags become span fields; the first CHILD_OF (else FOLLOWS_FROM) reference in
 * the same trace is the parent; every other reference, and a FOLLOWS_FROM parent, is a link
 * with `opentracing.ref_type`; logs are events named by their `event` field.
 */
export type JaegerSpanResult = { draft: SpanDraft; problems: string[] } | { error: string };

/** Builds a draft; `error` names the field that made the span unusable. */
export function jaegerSpan(
  raw: Record<string, unknown>,
  traceIdFallback: unknown,
  resource: AttributeMap,
): JaegerSpanResult {
  const spanId = normaliseId(raw.spanID, 8);
  if (spanId === null || spanId === "")
    return { error: `spanID must be a hex span id, got ${shown(raw.spanID)}` };
  const traceId = normaliseId(raw.traceID ?? traceIdFallback, 16);
  if (traceId === null || traceId === "") {
    return { error: `traceID must be a hex trace id, got ${shown(raw.traceID)}` };
  }
  const startNs = microsToNanos(raw.startTime);
  if (startNs === null) {
    return { error: `startTime must be microseconds since the epoch, got ${shown(raw.startTime)}` };
  }
  const durationNs = raw.duration === undefined ? 0n : microsToNanos(raw.duration);
  if (durationNs === null) return { error: `duration must be microseconds, got ${shown(raw.duration)}` };

  const tags = tagsToAttributes(raw.tags);
  const draft = emptyDraft();
  Object.assign(draft, { traceId, spanId, startNs, endNs: startNs + durationNs, resource });
  draft.name = typeof raw.operationName === "string" ? raw.operationName : "";
  draft.attributes = tags.attributes;
  moveTagsToFields(draft, tags.bools);
  const refs = references(raw.references, traceId);
  draft.parentSpanId = refs.parent;
  draft.links = refs.links;
  const logs = logsToEvents(raw.logs);
  draft.events = logs.events;
  return { draft, problems: [...tags.problems, ...logs.problems] };
}

function moveTagsToFields(d: SpanDraft, bools: Set<string>): void {
  const a = d.attributes;
  if ("span.kind" in a) d.kind = spanKindOf(take(a, "span.kind"), "otlp") ?? "Unspecified";
  setStatus(d, bools.has("error"));
  d.traceState = take(a, "w3c.tracestate") ?? "";
  if ("otel.scope.name" in a) {
    d.scopeName = take(a, "otel.scope.name") ?? "";
    d.scopeVersion = take(a, "otel.scope.version") ?? "";
  }
}

/** The receiver's status rules: `error=true` wins, then `otel.status_code`, then HTTP status. */
function setStatus(d: SpanDraft, errorIsBool: boolean): void {
  const a = d.attributes;
  if (errorIsBool && a.error === "true") {
    delete a.error;
    d.statusCode = "Error";
    d.statusMessage = take(a, "otel.status_description") ?? a["http.status_message"] ?? "";
    delete a["otel.status_code"];
    return;
  }
  if ("otel.status_code" in a) {
    const code = (take(a, "otel.status_code") ?? "").toUpperCase();
    d.statusCode = code === "OK" ? "Ok" : code === "ERROR" ? "Error" : "Unset";
    d.statusMessage = take(a, "otel.status_description") ?? "";
    return;
  }
  const http = a["http.status_code"];
  if (http === undefined || !/^-?\d+$/.test(http)) return;
  const status = Number(http);
  // 4xx is an error for all but server spans; otherwise anything outside 100-398 (sic, upstream).
  const error = status >= 400 && status < 500 ? d.kind !== "Server" : !(status >= 100 && status < 399);
  if (!error) return;
  d.statusCode = "Error";
  d.statusMessage = a["http.status_message"] ?? "";
}

function references(refs: unknown, traceId: string): { parent: string; links: SpanDraft["links"] } {
  const list = (Array.isArray(refs) ? refs : []).filter(isRecord).map((r) => ({
    childOf: String(r.refType).toUpperCase() !== "FOLLOWS_FROM",
    traceId: normaliseId(r.traceID ?? traceId, 16) ?? "",
    spanId: normaliseId(r.spanID, 8) ?? "",
  }));
  const sameTrace = list.filter((r) => r.traceId === traceId && r.spanId !== "");
  const parent = (sameTrace.find((r) => r.childOf) ?? sameTrace.find((r) => !r.childOf))?.spanId ?? "";
  const links = list
    .filter((r) => !(r.childOf && r.spanId === parent))
    .map((r) => ({
      traceId: r.traceId,
      spanId: r.spanId,
      traceState: "",
      attributes: { "opentracing.ref_type": r.childOf ? "child_of" : "follows_from" },
    }));
  return { parent, links };
}

function logsToEvents(logs: unknown): { events: SpanDraft["events"]; problems: string[] } {
  const events: SpanDraft["events"] = [];
  const problems: string[] = [];
  if (!Array.isArray(logs)) return { events, problems };
  for (const [i, log] of logs.entries()) {
    const timeNs = isRecord(log) ? microsToNanos(log.timestamp) : null;
    if (!isRecord(log) || timeNs === null) {
      problems.push(
        `log #${i + 1} has no timestamp in microseconds (${shown(isRecord(log) ? log.timestamp : log)}); dropped`,
      );
      continue;
    }
    const fields = tagsToAttributes(log.fields);
    problems.push(...fields.problems);
    const name = take(fields.attributes, "event") ?? "";
    events.push({ timeNs, name, attributes: fields.attributes });
  }
  return { events, problems };
}

/**
 * Resource attributes of a Jaeger process: its tags plus `service.name`, with the receiver's
 * renames (`hostname` -> `host.name`, `jaeger.version` -> `opencensus.exporterversion`).
 */
export function processResource(process: unknown): { resource: AttributeMap; problems: string[] } {
  if (!isRecord(process)) return { resource: {}, problems: [] };
  const serviceName = typeof process.serviceName === "string" ? process.serviceName : "";
  if (serviceName === "OTLPResourceNoServiceName") return { resource: {}, problems: [] };
  const tags = tagsToAttributes(process.tags);
  const resource: AttributeMap = serviceName === "" ? {} : { "service.name": serviceName };
  Object.assign(resource, tags.attributes);
  if ("hostname" in resource && !("host.name" in resource))
    resource["host.name"] = take(resource, "hostname") ?? "";
  if ("jaeger.version" in resource && !("opencensus.exporterversion" in resource)) {
    resource["opencensus.exporterversion"] = `Jaeger-${take(resource, "jaeger.version")}`;
  }
  return { resource, problems: tags.problems };
}
