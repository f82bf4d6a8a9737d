import { readFileSync } from "node:fs";
import type { EngineKind } from "../engine/engine.js";
import { type Sql, sql } from "../engine/sql.js";
import { CONTENT_EXACT_KEYS, CONTENT_KEPT_FIELDS, CONTENT_KEY_PREFIXES } from "../record/content.js";

const MAPPING_FILE = new URL("../engine/sql/otlp_json.sql", import.meta.url);
const SOURCE_MARK = "{{source}}";

let mappingText: string | null = null;

function mapping(): string {
  mappingText ??= readFileSync(MAPPING_FILE, "utf8");
  return mappingText;
}

/**
 * The one OTLP/JSON -> otel_traces mapping (src/engine/sql/otlp_json.sql) over `source`, a table
 * expression with `line String` (one document) and `line_no UInt64`. Content attributes are
 * dropped (JSON objects reduced to their kept fields) unless `keepContent`.
 */
export function otlpJsonSelect(source: Sql, keepContent: boolean): Sql {
  return sql(mapping().replace(SOURCE_MARK, source.text), {
    ...source.params,
    keep_content: keepContent,
    content_exact: CONTENT_EXACT_KEYS,
    content_prefixes: CONTENT_KEY_PREFIXES,
    content_kept: [...CONTENT_KEPT_FIELDS],
  });
}

/**
 * On chdb the file is read with pread: mmap'ed input pages count in the process's RSS (a 900 MB
 * file adds 900 MB to the peak).
 */
function readSettings(kind: EngineKind): string[] {
  return kind === "chdb" ? ["storage_file_read_method = 'pread'"] : [];
}

/**
 * Insert settings. On chdb, skip indexes are left for merges to build: materialising five bloom
 * filters on insert doubles the load time, and a part without them reads the same rows.
 */
function insertSettings(kind: EngineKind): string {
  const settings = ["max_insert_threads = 2", "min_insert_block_size_rows = 262144", ...readSettings(kind)];
  if (kind === "chdb") settings.push("materialize_skip_indexes_on_insert = 0");
  return `SETTINGS ${settings.join(", ")}`;
}

/** INSERT INTO otel_traces of the mapping over `source`. */
export function otlpJsonInsert(source: Sql, keepContent: boolean, kind: EngineKind): Sql {
  const select = otlpJsonSelect(source, keepContent);
  return sql(`INSERT INTO otel_traces ${select.text}\n${insertSettings(kind)}`, select.params);
}

/** Issues listed per statement; the rest are only counted. */
export const LISTED_ISSUES = 1000;

export interface DocumentCheck {
  /** Documents that are not an object with a `resourceSpans` array (blank lines excluded). */
  bad: number;
  /** The first LISTED_ISSUES of them: [line_no, valid JSON]. */
  listed: [number, number][];
}

/**
 * Finds the documents the mapping cannot use. JSONType parses each document once; only the
 * failing ones are validated again to tell bad JSON from a JSON value of the wrong shape.
 */
export function otlpJsonCheck(source: Sql, kind: EngineKind): Sql {
  const settings = readSettings(kind);
  return sql(
    `SELECT count() AS bad, groupArray(${LISTED_ISSUES})((line_no, isValidJSON(line))) AS listed
FROM ${source.text}
WHERE JSONType(line, 'resourceSpans') != 'Array' AND NOT match(line, '^\\\\s*$')${settings.length > 0 ? `\nSETTINGS ${settings.join(", ")}` : ""}`,
    source.params,
  );
}

/** Spans per re-chunked document. */
const SPANS_PER_PIECE = 500;

/**
 * `source` with each document cut into small compact documents of at most SPANS_PER_PIECE spans
 * (same resource and scope). One big document (a 200 MB request body) would otherwise be one row
 * whose nested arrays the engine holds and copies whole.
 */
export function splitDocuments(source: Sql): Sql {
  return sql(
    `(SELECT concat('{"resourceSpans":[{"resource":', resource, ',"scopeSpans":[{"scope":', scope,
        ',"spans":[', arrayStringConcat(piece, ','), ']}]}]}') AS line, line_no
    FROM (
        SELECT line_no, resource, if(JSONExtractRaw(ss, 'scope') = '', '{}', JSONExtractRaw(ss, 'scope')) AS scope,
            JSONExtractArrayRaw(ss, 'spans') AS spans
        FROM (
            SELECT line_no, if(JSONExtractRaw(rs, 'resource') = '', '{}', JSONExtractRaw(rs, 'resource')) AS resource,
                JSONExtractArrayRaw(rs, 'scopeSpans') AS scopes
            FROM (SELECT line_no, arrayJoin(JSONExtractArrayRaw(line, 'resourceSpans')) AS rs FROM ${source.text})
        )
        ARRAY JOIN scopes AS ss
    )
    ARRAY JOIN arrayMap(i -> arraySlice(spans, i, ${SPANS_PER_PIECE}), range(1, length(spans) + 1, ${SPANS_PER_PIECE})) AS piece)`,
    source.params,
  );
}
