-- OTLP/JSON documents -> rows of otel_traces, exactly as the OpenTelemetry Collector ClickHouse
-- exporter writes them (exporter_traces.go: pdata AsString() for attribute values, hex ids or '',
-- SpanKind/StatusCode names, Duration = end - start in unsigned nanoseconds).
-- Accepts OTLP/JSON (hex ids, integer enums) and generic protobuf JSON (base64 ids, enum names).
--
-- Two statements (src/ingest/otlp-json-sql.ts wires them); bad input is found in the same pass.
-- 1. documents: the source placeholder (in double braces) is a table expression with
--    `line String` (one document) and `line_no UInt64`. Each document is parsed; where the parse
--    found a place without spans (rare), the text is looked at again to name what is wrong.
-- 2. spans: the rows of statement 1 (the documents placeholder) -> otel_traces rows, plus
--    `line_no`, `keep` (false: the span cannot be stored) and `issues` (code, message, skipped)
--    about the span and, on the first span of a resource, about its resource and document.
-- A document without any span gives no row in statement 2: the loader finds such lines by
-- number and runs statement 1 on them alone.
-- Bound parameters (statement 2): content_exact Array(String), content_prefix_pattern String,
-- content_kept Array(String), keep_content Bool.
WITH
    -- JSONExtract reads a value of another type than the one asked for as its default ('' or
    -- []): what it would drop silently is named here.
    t -> transform(toString(t), ['String', 'Object', 'Bool', 'Int64', 'UInt64', 'Double'],
        ['a string', 'an object', 'a boolean', 'a number', 'a number', 'a number'], 'a value') AS json_kind,
    -- Where spans should be and are not: a container that is not an array (null or absent is
    -- fine: nothing in it) or an entry that is not an object.
    (path, json, key) -> if(JSONType(json, key) IN ('Array', 'Null'), [],
        [concat(path, '.', key, ' is ', json_kind(JSONType(json, key)), ', expected an array')]) AS not_array,
    (path, json) -> if(JSONType(json) = 'Object', [],
        [concat(path, ' is ', json_kind(JSONType(json)), ', expected an object')]) AS not_object,
    (path, ss) -> arrayConcat(not_object(path, ss), not_array(path, ss, 'spans')) AS misshapen_scope,
    (path, rs) -> arrayConcat(not_object(path, rs), not_array(path, rs, 'scopeSpans'),
        arrayFlatten(arrayMap((ss, j) -> misshapen_scope(concat(path, '.scopeSpans[', toString(j - 1), ']'), ss),
            JSONExtractArrayRaw(rs, 'scopeSpans'), arrayEnumerate(JSONExtractArrayRaw(rs, 'scopeSpans')))))
        AS misshapen_resource,
    doc -> arrayFlatten(arrayMap((rs, i) -> misshapen_resource(concat('resourceSpans[', toString(i - 1), ']'), rs),
        JSONExtractArrayRaw(doc, 'resourceSpans'), arrayEnumerate(JSONExtractArrayRaw(doc, 'resourceSpans'))))
        AS misshapen,
    doc -> multiIf(
        trimBoth(doc) = '', [],
        NOT isValidJSON(doc),
            [('bad_json', 'not valid JSON; expected one OTLP/JSON document per line', 1)],
        JSONType(doc, 'resourceSpans') != 'Array',
            [('bad_record', 'expected an OTLP/JSON object with a "resourceSpans" array (ExportTraceServiceRequest or TracesData)', 1)],
        empty(misshapen(doc)), [],
        [('bad_record', concat(arrayStringConcat(misshapen(doc), '; '),
            ' (OTLP/JSON: resourceSpans[].scopeSpans[].spans[]); the spans in it were skipped'), 1)]
    ) AS issues_in,
    list -> empty(list) OR arrayExists(rs -> empty(rs.scopeSpans) OR arrayExists(ss -> empty(ss.spans), rs.scopeSpans), list)
        AS has_empty_place
SELECT
    line_no,
    resource_spans_list,
    if(has_empty_place(resource_spans_list), issues_in(line), []) AS document_issues
FROM (
    SELECT line_no, line, JSONExtract(line, 'resourceSpans', 'Array(Tuple(
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
-- ;
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
    -- A value's entries as (prefix, value): '' before an array element, the JSON key and ':'
    -- before a kvlist entry; a scalar is one entry of itself. One expression then writes all
    -- three kinds (each written-out copy of it costs query analysis time).
    m -> multiIf(
        mapContains(m, 'arrayValue'), arrayMap(e -> ('', e), array_elems(m['arrayValue'])),
        mapContains(m, 'kvlistValue'),
            arrayMap(kv -> (concat(go_json_string(kv.1), ':'), kv.2), kvlist_elems(m['kvlistValue'])),
        [('', m)]
    ) AS entries,
    m -> multiIf(mapContains(m, 'arrayValue'), ('[', ']'), mapContains(m, 'kvlistValue'), ('{', '}'), ('', ''))
        AS brackets,
    m -> concat(brackets(m).1, arrayStringConcat(arrayMap(p -> concat(p.1, scalar_json(p.2)), entries(m)), ','),
        brackets(m).2) AS element_json,
    -- pdata Value.AsString() (one key expected; several keys resolve in this order; a kind OTLP
    -- does not define is ignored, as pdata's unmarshaler does, and stores '').
    m -> multiIf(
        mapContains(m, 'stringValue'), m['stringValue'],
        mapContains(m, 'intValue'), toString(toInt64OrZero(m['intValue'])),
        mapContains(m, 'boolValue'), m['boolValue'],
        mapContains(m, 'doubleValue'), double_text(m['doubleValue']),
        mapContains(m, 'bytesValue'), m['bytesValue'],
        mapContains(m, 'arrayValue') OR mapContains(m, 'kvlistValue'),
            concat(brackets(m).1, arrayStringConcat(arrayMap(p -> concat(p.1, element_json(p.2)), entries(m)), ','),
                brackets(m).2),
        ''
    ) AS any_value_slow,
    -- Strings, ints, bools and bytes are already their text (JSONExtract writes numbers and bools
    -- as text); only doubles, arrays, maps and odd values need any_value_slow.
    m -> length(m) = 1 AND mapKeys(m)[1] IN ('stringValue', 'intValue', 'boolValue', 'bytesValue') AS fast_kind,
    m -> if(fast_kind(m), mapValues(m)[1], any_value_slow(m)) AS any_value_string,
    -- Prompt/completion text is dropped unless keep_content; a JSON object keeps its content_kept
    -- fields, in that order (mirrors redactContent in src/record/content.ts). One parse per value.
    k -> NOT {keep_content:Bool} AND (k IN {content_exact:Array(String)} OR match(k, {content_prefix_pattern:String}))
        AS is_content,
    v -> arrayStringConcat(arrayMap(kv -> concat(toJSONString(kv.1), ':', kv.2),
        arraySort(kv -> indexOf({content_kept:Array(String)}, kv.1),
            arrayFilter(kv -> kv.1 IN {content_kept:Array(String)}, JSONExtractKeysAndValuesRaw(v)))), ',')
        AS kept_fields,
    -- '' means "drop the attribute": a kept object is never empty.
    v -> if(kept_fields(v) = '', '', concat('{', kept_fields(v), '}')) AS redact_content,
    -- Attributes in three groups: 0 fast kinds, 1 other kinds, 2 content. any_value_slow runs on
    -- group 1 alone (in a lambda the engine evaluates it even where an if does not take it), and
    -- its results go back in place; content goes last, redacted.
    kvs -> arrayMap(kv -> multiIf(is_content(kv.1), 2, fast_kind(kv.2), 0, 1), kvs) AS value_groups,
    (kvs, groups) -> arrayMap(kv -> any_value_slow(kv.2), arrayFilter((kv, g) -> g = 1, kvs, groups)) AS slow_values,
    -- Each plain attribute: its own text, or its place in slow_values (a running count).
    (kvs, groups) -> arrayMap((kv, g, j) -> (kv.1, if(g = 0, mapValues(kv.2)[1], slow_values(kvs, groups)[j])),
        arrayFilter((kv, g) -> g != 2, kvs, groups), arrayFilter(g -> g != 2, groups),
        arrayCumSum(arrayMap(g -> g = 1, arrayFilter(g -> g != 2, groups)))) AS plain_attributes,
    (kvs, groups) -> CAST(arrayConcat(plain_attributes(kvs, groups),
        arrayFilter(kv -> kv.2 != '', arrayMap(kv -> (kv.1, redact_content(any_value_string(kv.2))),
            arrayFilter((kv, g) -> g = 2, kvs, groups)))
    ), 'Map(LowCardinality(String), String)') AS attributes_split,
    kvs -> attributes_split(kvs, value_groups(kvs)) AS attributes_map,
    -- Times are unsigned nanoseconds (a string or a number); absent ('') stores the epoch.
    ns -> ns != '' AND toUInt64OrNull(ns) IS NULL AS bad_time,
    (sp, field, ns) -> ('bad_value', concat(field, ' is ''', substring(ns, 1, 40),
        '''; expected nanoseconds since the Unix epoch (an unsigned integer): span ', sp.spanId, ' was skipped'), 1)
        AS time_issue,
    -- AnyValue kinds OTLP defines. pdata ignores any other key (the value is stored as ''); so
    -- do we, and say so. Most values hold one known key: key lists are built only for the rest.
    ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] AS kinds,
    m -> length(m) > 1 OR (length(m) = 1 AND NOT (mapContains(m, 'stringValue') OR mapContains(m, 'intValue')
        OR mapContains(m, 'boolValue') OR mapContains(m, 'doubleValue') OR mapContains(m, 'arrayValue')
        OR mapContains(m, 'kvlistValue') OR mapContains(m, 'bytesValue'))) AS maybe_odd,
    m -> arrayFilter(k -> NOT has(kinds, k), mapKeys(m)) AS unknown_kinds,
    kv -> maybe_odd(kv.2) AND notEmpty(unknown_kinds(kv.2)) AS is_odd,
    (what, kvs) -> ('bad_value', concat(what, ' of a kind OTLP does not define: ',
        arrayStringConcat(arrayMap(kv -> concat(kv.1, ' (', arrayStringConcat(unknown_kinds(kv.2), ', '), ')'),
            arrayFilter(kv -> is_odd(kv), kvs)), ', '),
        '; expected one of ', arrayStringConcat(kinds, ', '), ' (a value of no such kind is stored empty)'), 0)
        AS kind_issue,
    kvs -> if(arrayExists(kv -> is_odd(kv), kvs), [kind_issue('resource attribute values', kvs)], []) AS resource_issues,
    sp -> arrayConcat(
        multiIf(bad_time(sp.startTimeUnixNano), [time_issue(sp, 'startTimeUnixNano', sp.startTimeUnixNano)],
            bad_time(sp.endTimeUnixNano), [time_issue(sp, 'endTimeUnixNano', sp.endTimeUnixNano)], []),
        if(arrayExists(kv -> is_odd(kv), sp.attributes),
            [kind_issue(concat('span ', sp.spanId, ': attribute values'), sp.attributes)], [])
    ) AS span_issues
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
    arrayMap(l -> attributes_map(l.attributes), scoped.2.links) AS `Links.Attributes`,
    line_no,
    NOT bad_time(scoped.2.startTimeUnixNano) AND NOT bad_time(scoped.2.endTimeUnixNano) AS keep,
    arrayConcat(if(span_no = 1, arrayConcat(document_issues, resource_issue), []), span_issues(scoped.2)) AS issues
FROM {{documents}}
ARRAY JOIN resource_spans_list AS resource_spans
-- resource attributes are converted (and checked) once per resource, not once per span
ARRAY JOIN [attributes_map(resource_spans.resource.attributes)] AS resource_attributes,
    [resource_issues(resource_spans.resource.attributes)] AS resource_issue
-- one flat array of (scope, span): joining scopeSpans then spans would copy each scope's span
-- list once per span
ARRAY JOIN arrayFlatten(arrayMap(ss -> arrayMap(sp -> (ss.scope, sp), ss.spans), resource_spans.scopeSpans)) AS scoped,
    arrayEnumerate(arrayFlatten(arrayMap(ss -> arrayMap(sp -> (ss.scope, sp), ss.spans), resource_spans.scopeSpans))) AS span_no
