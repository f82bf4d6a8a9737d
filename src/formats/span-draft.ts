import type { SpanKindName, SpanRow, StatusCodeName } from "../record/span.js";
import { type AttributeMap, applyContentPolicy, type SpanReaderOptions } from "./attributes.js";
import { formatTimestamp } from "./otel-time.js";

/**
 * A span as readers assemble it, before it becomes an exporter row. Times are ns since the
 * epoch; ids are already normalised hex ("" when unset).
 */
export interface SpanDraft {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  name: string;
  kind: SpanKindName;
  startNs: bigint;
  /** Null when the source gives no end: Duration 0. */
  endNs: bigint | null;
  resource: AttributeMap;
  scopeName: string;
  scopeVersion: string;
  attributes: AttributeMap;
  statusCode: StatusCodeName;
  statusMessage: string;
  events: { timeNs: bigint; name: string; attributes: AttributeMap }[];
  links: { traceId: string; spanId: string; traceState: string; attributes: AttributeMap }[];
}

/** Attribute marking a span whose ids (or time) were made up by spendtrail, not read. */
export const SYNTHETIC_IDS_ATTRIBUTE = "spendtrail.synthetic_ids";

/** A draft with nothing known yet; readers fill in what their source states. */
export function emptyDraft(): SpanDraft {
  return {
    traceId: "",
    spanId: "",
    parentSpanId: "",
    traceState: "",
    name: "",
    kind: "Unspecified",
    startNs: 0n,
    endNs: null,
    resource: {},
    scopeName: "",
    scopeVersion: "",
    attributes: {},
    statusCode: "Unset",
    statusMessage: "",
    events: [],
    links: [],
  };
}

/** The exporter's row for a draft, with the content policy applied to every attribute map. */
export function toSpanRow(d: SpanDraft, options: SpanReaderOptions): SpanRow {
  const duration = d.endNs !== null && d.endNs > d.startNs ? d.endNs - d.startNs : 0n;
  return {
    Timestamp: formatTimestamp(d.startNs),
    TraceId: d.traceId,
    SpanId: d.spanId,
    ParentSpanId: d.parentSpanId,
    TraceState: d.traceState,
    SpanName: d.name,
    SpanKind: d.kind,
    ServiceName: d.resource["service.name"] ?? "",
    ResourceAttributes: d.resource,
    ScopeName: d.scopeName,
    ScopeVersion: d.scopeVersion,
    SpanAttributes: applyContentPolicy(d.attributes, options),
    Duration: duration.toString(),
    StatusCode: d.statusCode,
    StatusMessage: d.statusMessage,
    "Events.Timestamp": d.events.map((e) => formatTimestamp(e.timeNs)),
    "Events.Name": d.events.map((e) => e.name),
    "Events.Attributes": d.events.map((e) => applyContentPolicy(e.attributes, options)),
    "Links.TraceId": d.links.map((l) => l.traceId),
    "Links.SpanId": d.links.map((l) => l.spanId),
    "Links.TraceState": d.links.map((l) => l.traceState),
    "Links.Attributes": d.links.map((l) => applyContentPolicy(l.attributes, options)),
  };
}

const KIND_BY_WORD: Record<string, SpanKindName> = {
  unspecified: "Unspecified",
  internal: "Internal",
  server: "Server",
  client: "Client",
  producer: "Producer",
  consumer: "Consumer",
};

/**
 * SpanKind from a name in any spelling (`client`, `CLIENT`, `SPAN_KIND_CLIENT`, `SpanKind.CLIENT`)
 * or a number. Numbers differ by source: OTLP counts from UNSPECIFIED=0, the OTel JS API enum
 * from INTERNAL=0, hence `numbering`. Null when unrecognised.
 */
export function spanKindOf(value: unknown, numbering: "otlp" | "otel-js"): SpanKindName | null {
  if (typeof value === "number" && Number.isInteger(value)) {
    const index = numbering === "otlp" ? value : value + 1;
    const names = ["Unspecified", "Internal", "Server", "Client", "Producer", "Consumer"] as const;
    return names[index] ?? null;
  }
  if (typeof value !== "string") return null;
  const word = value
    .trim()
    .toLowerCase()
    .replace(/^(spankind\.|span_kind_)/, "");
  return KIND_BY_WORD[word] ?? null;
}

/** StatusCode from `OK`/`ERROR`/`UNSET` in any spelling (`STATUS_CODE_OK`, `Ok`) or 0/1/2. */
export function statusCodeOf(value: unknown): StatusCodeName | null {
  if (typeof value === "number") return (["Unset", "Ok", "Error"] as const)[value] ?? null;
  if (typeof value !== "string") return null;
  const word = value
    .trim()
    .toLowerCase()
    .replace(/^(statuscode\.|status_code_)/, "");
  return word === "ok" ? "Ok" : word === "error" ? "Error" : word === "unset" ? "Unset" : null;
}
