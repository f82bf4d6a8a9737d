-- OTLP/JSON documents -> rows of otel_traces, exactly as the OpenTelemetry Collector ClickHouse
-- exporter writes them (exporter_traces.go: pdata AsString() for attribute values, hex ids or '',
-- SpanKind/StatusCode names, Duration = end - start in unsigned nanoseconds).
-- Accepts OTLP/JSON (hex ids, integer enums) and generic protobuf JSON (base64 ids, enum names).
-- The source placeholder (in double braces, below) is a table expression with columns
-- `line String` (one document) and `line_no UInt64`.
-- Bound parameters: content_exact Array(String), content_prefixes Array(String),
-- content_kept Array(String), keep_content Bool.
WITH
    -- Ids: hex (any case) or base64 (generic protobuf JSON) -> lowercase hex; all zeros -> ''.
    id -> multiIf(
        length(id) IN (16, 32), lower(id),
        id = '', '',
        lower(hex(ifNull(tryBase64Decode(id), id)))
    ) AS id_hex_or_raw,
    id -> if(trimLeft(id_hex_or_raw(id), '0') = '', '', id_hex_or_raw(id)) AS id_hex,
    ns -> fromUnixTimestamp64Nano(reinterpretAsInt64(toUInt64OrZero(ns))) AS ns_time,
    -- Go's float formatting (strconv 'g'-like, as JSON) differs from ClickHouse only in writing e+21.
    d -> replaceRegexpOne(toString(toFloat64OrZero(d)), 'e(\\d)', 'e+\\1') AS double_text,
    -- A scalar AnyValue (already unwrapped to one-key map) as JSON, for array/kvlist elements.
    s -> replaceAll(replaceAll(replaceAll(replaceAll(replaceAll(replaceAll(toJSONString(s),
        '\\/', '/'), '<', '\\u003c'), '>', '\\u003e'), '&', '\\u0026'),
        char(0xE2, 0x80, 0xA8), '\\u2028'), char(0xE2, 0x80, 0xA9), '\\u2029') AS go_json_string,
    m -> multiIf(
        mapContains(m, 'stringValue'), go_json_string(m['stringValue']),
        mapContains(m, 'intValue'), toString(toInt64OrZero(m['intValue'])),
        mapContains(m, 'boolValue'), m['boolValue'],
        mapContains(m, 'doubleValue'), double_text(m['doubleValue']),
        mapContains(m, 'bytesValue'), concat('"', m['bytesValue'], '"'),
        mapContains(m, 'arrayValue'), '[]',
        mapContains(m, 'kvlistValue'), '{}',
        'null'
    ) AS scalar_json,
    -- Elements of arrayValue / kvlistValue, as plain JSON like Go's encoding/json (kvlist keys
    -- sorted, <>& escaped). Containers are written out two levels deep; deeper ones as [] / {}.
    raw -> JSONExtract(raw, 'values', 'Array(Map(String, String))') AS array_elems,
    raw -> arraySort(kv -> kv.1, JSONExtract(raw, 'values', 'Array(Tuple(key String, value Map(String, String)))')) AS kvlist_elems,
    m -> multiIf(
        mapContains(m, 'arrayValue'),
            concat('[', arrayStringConcat(arrayMap(e -> scalar_json(e), array_elems(m['arrayValue'])), ','), ']'),
        mapContains(m, 'kvlistValue'),
            concat('{', arrayStringConcat(arrayMap(kv -> concat(go_json_string(kv.1), ':', scalar_json(kv.2)),
                kvlist_elems(m['kvlistValue'])), ','), '}'),
        scalar_json(m)
    ) AS element_json,
    -- pdata Value.AsString() (one key expected; several keys resolve in this order).
    m -> multiIf(
        mapContains(m, 'stringValue'), m['stringValue'],
        mapContains(m, 'intValue'), toString(toInt64OrZero(m['intValue'])),
        mapContains(m, 'boolValue'), m['boolValue'],
        mapContains(m, 'doubleValue'), double_text(m['doubleValue']),
        mapContains(m, 'bytesValue'), m['bytesValue'],
        mapContains(m, 'arrayValue'),
            concat('[', arrayStringConcat(arrayMap(e -> element_json(e), array_elems(m['arrayValue'])), ','), ']'),
        mapContains(m, 'kvlistValue'),
            concat('{', arrayStringConcat(arrayMap(kv -> concat(go_json_string(kv.1), ':', element_json(kv.2)),
                kvlist_elems(m['kvlistValue'])), ','), '}'),
        ''
    ) AS any_value_slow,
    -- Strings, ints, bools and bytes are already their text (JSONExtract writes numbers and bools
    -- as text); only doubles, arrays and maps need work.
    m -> if(length(m) = 1 AND mapKeys(m)[1] NOT IN ('doubleValue', 'arrayValue', 'kvlistValue'),
        mapValues(m)[1], any_value_slow(m)) AS any_value_string,
    -- Prompt/completion text is dropped unless keep_content; a JSON object keeps its content_kept
    -- fields (mirrors redactContent in src/record/content.ts).
    k -> NOT {keep_content:Bool} AND (has({content_exact:Array(String)}, k)
        OR match(k, concat('^(', arrayStringConcat(arrayMap(p -> replaceAll(p, '.', '\\.'), {content_prefixes:Array(String)}), '|'), ')')))
        AS is_content,
    v -> arrayStringConcat(arrayFilter(x -> x != '', arrayMap(
        f -> if(JSONHas(v, f), concat(toJSONString(f), ':', JSONExtractRaw(v, f)), ''),
        {content_kept:Array(String)})), ',') AS kept_fields,
    -- '' means "drop the attribute": a kept object is never empty.
    v -> if(startsWith(replaceRegexpOne(v, '^\\s+', ''), '{') AND isValidJSON(v) AND JSONType(v) = 'Object'
            AND kept_fields(v) != '',
        concat('{', kept_fields(v), '}'), '') AS redact_content,
    -- Content entries go last: redaction is costly, so it runs on them alone.
    (kvs, content) -> CAST(arrayConcat(
        arrayMap(kv -> (kv.1, any_value_string(kv.2)), arrayFilter((kv, c) -> NOT c, kvs, content)),
        arrayFilter(kv -> kv.2 != '', arrayMap(kv -> (kv.1, redact_content(any_value_string(kv.2))),
            arrayFilter((kv, c) -> c, kvs, content)))
    ), 'Map(LowCardinality(String), String)') AS attributes_split,
    kvs -> attributes_split(kvs, arrayMap(kv -> is_content(kv.1), kvs)) AS attributes_map
SELECT
    ns_time(scoped.2.startTimeUnixNano) AS Timestamp,
    id_hex(scoped.2.traceId) AS TraceId,
    id_hex(scoped.2.spanId) AS SpanId,
    id_hex(scoped.2.parentSpanId) AS ParentSpanId,
    scoped.2.traceState AS TraceState,
    scoped.2.name AS SpanName,
    transform(scoped.2.kind,
        ['', '0', '1', '2', '3', '4', '5', 'SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER',
         'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER'],
        ['Unspecified', 'Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer',
         'Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer'], '') AS SpanKind,
    resource_attributes['service.name'] AS ServiceName,
    resource_attributes AS ResourceAttributes,
    scoped.1.name AS ScopeName,
    scoped.1.version AS ScopeVersion,
    attributes_map(scoped.2.attributes) AS SpanAttributes,
    toUInt64OrZero(scoped.2.endTimeUnixNano) - toUInt64OrZero(scoped.2.startTimeUnixNano) AS Duration,
    transform(scoped.2.status.code,
        ['', '0', '1', '2', 'STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'],
        ['Unset', 'Unset', 'Ok', 'Error', 'Unset', 'Ok', 'Error'], '') AS StatusCode,
    scoped.2.status.message AS StatusMessage,
    arrayMap(e -> ns_time(e.timeUnixNano), scoped.2.events) AS `Events.Timestamp`,
    arrayMap(e -> e.name, scoped.2.events) AS `Events.Name`,
    arrayMap(e -> attributes_map(e.attributes), scoped.2.events) AS `Events.Attributes`,
    arrayMap(l -> id_hex(l.traceId), scoped.2.links) AS `Links.TraceId`,
    arrayMap(l -> id_hex(l.spanId), scoped.2.links) AS `Links.SpanId`,
    arrayMap(l -> l.traceState, scoped.2.links) AS `Links.TraceState`,
    arrayMap(l -> attributes_map(l.attributes), scoped.2.links) AS `Links.Attributes`
FROM (
    SELECT JSONExtract(line, 'resourceSpans', 'Array(Tuple(
        resource Tuple(attributes Array(Tuple(key String, value Map(String, String)))),
        scopeSpans Array(Tuple(
            scope Tuple(name String, version String),
            spans Array(Tuple(
                traceId String, spanId String, parentSpanId String, traceState String, name String,
                kind String, startTimeUnixNano String, endTimeUnixNano String,
                attributes Array(Tuple(key String, value Map(String, String))),
                events Array(Tuple(timeUnixNano String, name String,
                    attributes Array(Tuple(key String, value Map(String, String))))),
                links Array(Tuple(traceId String, spanId String, traceState String,
                    attributes Array(Tuple(key String, value Map(String, String))))),
                status Tuple(message String, code String)))))))') AS resource_spans_list
    FROM {{source}}
)
ARRAY JOIN resource_spans_list AS resource_spans
-- resource attributes are converted once per resource, not once per span
ARRAY JOIN [attributes_map(resource_spans.resource.attributes)] AS resource_attributes
-- one flat array of (scope, span): joining scopeSpans then spans would copy each scope's span
-- list once per span
ARRAY JOIN arrayFlatten(arrayMap(ss -> arrayMap(sp -> (ss.scope, sp), ss.spans), resource_spans.scopeSpans)) AS scoped
