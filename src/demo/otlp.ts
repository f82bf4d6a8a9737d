import type { ServiceDef } from "./catalog.js";
import type { Attrs, AttrValue, DemoSpan } from "./model.js";

/** How many simulated seconds of finished spans the collector flushes as one line. */
const FLUSH_WINDOW_US = 30_000_000;

const SDK_VERSION: Record<ServiceDef["language"], string> = {
  python: "1.36.0",
  nodejs: "2.0.1",
  go: "1.38.0",
};

type JsonValue =
  | { stringValue: string }
  | { intValue: string }
  | { boolValue: boolean }
  | { doubleValue: number }
  | { arrayValue: { values: JsonValue[] } };

function anyValue(value: AttrValue): JsonValue {
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "number") return { intValue: String(value) };
  if (typeof value === "boolean") return { boolValue: value };
  if ("double" in value) return { doubleValue: value.double };
  return { arrayValue: { values: value.map((v) => ({ stringValue: v })) } };
}

function keyValues(attrs: Attrs): { key: string; value: JsonValue }[] {
  return Object.entries(attrs).map(([key, value]) => ({ key, value: anyValue(value) }));
}

const nanos = (us: number, extra = 0): string => `${us}${String(extra).padStart(3, "0")}`;

/** One span in pdata's OTLP/JSON shape: hex ids, integer enums, int64 as strings, empty fields left out. */
function spanJson(span: DemoSpan): Record<string, unknown> {
  const out: Record<string, unknown> = { traceId: span.traceId, spanId: span.spanId };
  if (span.parentSpanId !== "") out.parentSpanId = span.parentSpanId;
  out.name = span.name;
  out.kind = span.kind;
  out.startTimeUnixNano = nanos(span.startUs, span.nanos);
  out.endTimeUnixNano = nanos(span.endUs, span.nanos);
  out.attributes = keyValues(span.attributes);
  if (span.events.length > 0) {
    out.events = span.events.map((e) => ({
      timeUnixNano: nanos(e.timeUs),
      name: e.name,
      attributes: keyValues(e.attributes),
    }));
  }
  if (span.links !== undefined) out.links = span.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId }));
  out.status = span.status.code === 0 ? {} : { message: span.status.message, code: span.status.code };
  return out;
}

function resourceJson(service: ServiceDef, version: string): Record<string, unknown> {
  const attrs: Attrs = {
    "service.name": service.name,
    "service.version": version,
    "service.namespace": service.team,
    "deployment.environment.name": "production",
    "telemetry.sdk.language": service.language,
    "telemetry.sdk.name": "opentelemetry",
    "telemetry.sdk.version": SDK_VERSION[service.language],
  };
  return { attributes: keyValues(attrs) };
}

/** One ExportTraceServiceRequest: spans grouped by resource, then by scope, in first-seen order. */
function requestJson(spans: readonly DemoSpan[]): string {
  const resources = new Map<string, { span: DemoSpan; scopes: Map<string, DemoSpan[]> }>();
  for (const span of spans) {
    const resourceKey = `${span.service.name}@${span.version}`;
    let resource = resources.get(resourceKey);
    if (resource === undefined) {
      resource = { span, scopes: new Map() };
      resources.set(resourceKey, resource);
    }
    const scope = span.scope ?? span.service.scope;
    const scopeKey = `${scope.name}@${scope.version}`;
    const list = resource.scopes.get(scopeKey) ?? [];
    list.push(span);
    resource.scopes.set(scopeKey, list);
  }
  const resourceSpans = [...resources.values()].map(({ span, scopes }) => ({
    resource: resourceJson(span.service, span.version),
    scopeSpans: [...scopes.values()].map((list) => {
      const scope = list[0]?.scope ?? span.service.scope;
      return { scope, spans: list.map(spanJson) };
    }),
  }));
  return JSON.stringify({ resourceSpans });
}

/**
 * traces.otlp.jsonl as the Collector `file` exporter writes it, line by line: one
 * ExportTraceServiceRequest per line, each holding the spans that finished within one flush
 * window (so a trace may span lines).
 */
export function* traceLines(spans: readonly DemoSpan[]): Generator<string> {
  const ordered = [...spans].sort((a, b) => a.endUs - b.endUs);
  let batch: DemoSpan[] = [];
  let windowEnd = -1;
  for (const span of ordered) {
    if (span.endUs >= windowEnd) {
      if (batch.length > 0) yield `${requestJson(batch)}\n`;
      batch = [];
      windowEnd = (Math.floor(span.endUs / FLUSH_WINDOW_US) + 1) * FLUSH_WINDOW_US;
    }
    batch.push(span);
  }
  if (batch.length > 0) yield `${requestJson(batch)}\n`;
}
