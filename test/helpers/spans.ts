import type { SpanRow } from "../../src/record/span.js";

/** What a test states about a span; everything else gets a neutral exporter default. */
export interface SpanSpec {
  traceId?: string;
  spanId: string;
  parentSpanId?: string;
  name?: string;
  service?: string;
  kind?: SpanRow["SpanKind"];
  /** `YYYY-MM-DD HH:MM:SS.fffffffff` (UTC). */
  start?: string;
  durationNs?: number;
  status?: SpanRow["StatusCode"];
  statusMessage?: string;
  attrs?: Record<string, string | number | boolean>;
  resource?: Record<string, string>;
  events?: { name: string; attrs?: Record<string, string> }[];
}

export const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

/** One otel_traces row, values stringified the way the exporter stores them. */
export function spanRow(spec: SpanSpec): SpanRow {
  const start = spec.start ?? "2025-04-30 15:28:50.220515904";
  const events = spec.events ?? [];
  return {
    Timestamp: start,
    TraceId: spec.traceId ?? TRACE,
    SpanId: spec.spanId,
    ParentSpanId: spec.parentSpanId ?? "",
    TraceState: "",
    SpanName: spec.name ?? "chat gpt-4o",
    SpanKind: spec.kind ?? "Client",
    ServiceName: spec.service ?? "app",
    ResourceAttributes: { "service.name": spec.service ?? "app", ...spec.resource },
    ScopeName: "test",
    ScopeVersion: "",
    SpanAttributes: Object.fromEntries(Object.entries(spec.attrs ?? {}).map(([k, v]) => [k, String(v)])),
    Duration: spec.durationNs ?? 1_000_000,
    StatusCode: spec.status ?? "Unset",
    StatusMessage: spec.statusMessage ?? "",
    "Events.Timestamp": events.map(() => start),
    "Events.Name": events.map((e) => e.name),
    "Events.Attributes": events.map((e) => e.attrs ?? {}),
    "Links.TraceId": [],
    "Links.SpanId": [],
    "Links.TraceState": [],
    "Links.Attributes": [],
  };
}
