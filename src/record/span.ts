/**
 * One span, in exactly the column layout of the OpenTelemetry Collector ClickHouse
 * exporter's `otel_traces` table (reference/formats.md section 8). Attribute values
 * are strings the way the exporter stores them: ints as decimal text, bools as
 * `true`/`false`, arrays and maps as JSON text.
 */
export interface SpanRow {
  Timestamp: string;
  TraceId: string;
  SpanId: string;
  ParentSpanId: string;
  TraceState: string;
  SpanName: string;
  SpanKind: SpanKindName;
  ServiceName: string;
  ResourceAttributes: Record<string, string>;
  ScopeName: string;
  ScopeVersion: string;
  SpanAttributes: Record<string, string>;
  /** Nanoseconds. */
  Duration: number | string;
  StatusCode: StatusCodeName;
  StatusMessage: string;
  "Events.Timestamp": string[];
  "Events.Name": string[];
  "Events.Attributes": Record<string, string>[];
  "Links.TraceId": string[];
  "Links.SpanId": string[];
  "Links.TraceState": string[];
  "Links.Attributes": Record<string, string>[];
}

/** Span kinds as the newest exporter writes them. */
export const SPAN_KIND_NAMES = [
  "Unspecified",
  "Internal",
  "Server",
  "Client",
  "Producer",
  "Consumer",
] as const;
export type SpanKindName = (typeof SPAN_KIND_NAMES)[number];

export const STATUS_CODE_NAMES = ["Unset", "Ok", "Error"] as const;
export type StatusCodeName = (typeof STATUS_CODE_NAMES)[number];
