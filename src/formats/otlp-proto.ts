import protobuf from "protobufjs/light.js";

/**
 * OTLP trace messages as a protobufjs JSON descriptor, with the field numbers of
 * opentelemetry-proto (trace/v1/trace.proto, common/v1/common.proto, resource/v1/resource.proto).
 * Field names are the OTLP/JSON (lowerCamelCase) names, so decoded objects have the OTLP/JSON shape.
 * `TracesData` and `ExportTraceServiceRequest` share the same single field 1.
 */
const DESCRIPTOR = {
  nested: {
    TracesData: { fields: { resourceSpans: { rule: "repeated", type: "ResourceSpans", id: 1 } } },
    ResourceSpans: {
      fields: {
        resource: { type: "Resource", id: 1 },
        scopeSpans: { rule: "repeated", type: "ScopeSpans", id: 2 },
        schemaUrl: { type: "string", id: 3 },
      },
    },
    Resource: {
      fields: {
        attributes: { rule: "repeated", type: "KeyValue", id: 1 },
        droppedAttributesCount: { type: "uint32", id: 2 },
      },
    },
    ScopeSpans: {
      fields: {
        scope: { type: "InstrumentationScope", id: 1 },
        spans: { rule: "repeated", type: "Span", id: 2 },
        schemaUrl: { type: "string", id: 3 },
      },
    },
    InstrumentationScope: {
      fields: {
        name: { type: "string", id: 1 },
        version: { type: "string", id: 2 },
        attributes: { rule: "repeated", type: "KeyValue", id: 3 },
        droppedAttributesCount: { type: "uint32", id: 4 },
      },
    },
    Span: {
      fields: {
        traceId: { type: "bytes", id: 1 },
        spanId: { type: "bytes", id: 2 },
        traceState: { type: "string", id: 3 },
        parentSpanId: { type: "bytes", id: 4 },
        flags: { type: "fixed32", id: 16 },
        name: { type: "string", id: 5 },
        kind: { type: "int32", id: 6 },
        startTimeUnixNano: { type: "fixed64", id: 7 },
        endTimeUnixNano: { type: "fixed64", id: 8 },
        attributes: { rule: "repeated", type: "KeyValue", id: 9 },
        droppedAttributesCount: { type: "uint32", id: 10 },
        events: { rule: "repeated", type: "Event", id: 11 },
        droppedEventsCount: { type: "uint32", id: 12 },
        links: { rule: "repeated", type: "Link", id: 13 },
        droppedLinksCount: { type: "uint32", id: 14 },
        status: { type: "Status", id: 15 },
      },
    },
    Event: {
      fields: {
        timeUnixNano: { type: "fixed64", id: 1 },
        name: { type: "string", id: 2 },
        attributes: { rule: "repeated", type: "KeyValue", id: 3 },
        droppedAttributesCount: { type: "uint32", id: 4 },
      },
    },
    Link: {
      fields: {
        traceId: { type: "bytes", id: 1 },
        spanId: { type: "bytes", id: 2 },
        traceState: { type: "string", id: 3 },
        attributes: { rule: "repeated", type: "KeyValue", id: 4 },
        droppedAttributesCount: { type: "uint32", id: 5 },
        flags: { type: "fixed32", id: 6 },
      },
    },
    // Enums are read as plain integers (OTLP/JSON writes them as integers too).
    Status: { fields: { message: { type: "string", id: 2 }, code: { type: "int32", id: 3 } } },
    AnyValue: {
      oneofs: {
        value: {
          oneof: [
            "stringValue",
            "boolValue",
            "intValue",
            "doubleValue",
            "arrayValue",
            "kvlistValue",
            "bytesValue",
          ],
        },
      },
      fields: {
        stringValue: { type: "string", id: 1 },
        boolValue: { type: "bool", id: 2 },
        intValue: { type: "int64", id: 3 },
        doubleValue: { type: "double", id: 4 },
        arrayValue: { type: "ArrayValue", id: 5 },
        kvlistValue: { type: "KeyValueList", id: 6 },
        bytesValue: { type: "bytes", id: 7 },
      },
    },
    ArrayValue: { fields: { values: { rule: "repeated", type: "AnyValue", id: 1 } } },
    KeyValueList: { fields: { values: { rule: "repeated", type: "KeyValue", id: 1 } } },
    KeyValue: { fields: { key: { type: "string", id: 1 }, value: { type: "AnyValue", id: 2 } } },
  },
};

const root = protobuf.Root.fromJSON(DESCRIPTOR);

/** The TracesData / ExportTraceServiceRequest message type. */
export const TracesData = root.lookupType("TracesData");

/**
 * Decodes one binary TracesData / ExportTraceServiceRequest into OTLP/JSON text (int64 as decimal
 * strings, bytes as base64: the engine's mapping turns base64 ids into hex). Throws on bytes
 * that are not such a message.
 */
export function tracesToJson(bytes: Uint8Array): string {
  const message = TracesData.decode(bytes);
  const object = TracesData.toObject(message, { longs: String, bytes: String, arrays: true });
  return JSON.stringify(object);
}

/** Encodes an OTLP/JSON-shaped object (ids as bytes, times as strings or numbers); for tests and tools. */
export function encodeTraces(object: Record<string, unknown>): Uint8Array {
  return TracesData.encode(TracesData.fromObject(object)).finish();
}
