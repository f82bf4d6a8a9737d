import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { EngineKind } from "../engine/engine.js";
import { type Sql, splitStatements, sql } from "../engine/sql.js";
import { CONTENT_EXACT_KEYS, CONTENT_KEPT_FIELDS, CONTENT_KEY_PREFIXES } from "../record/content.js";

const MAPPING_FILE = new URL("../engine/sql/otlp_json.sql", import.meta.url);

let statements: { documents: string; spans: string } | null = null;

/** The two statements of src/engine/sql/otlp_json.sql (read once). */
function mapping(): { documents: string; spans: string } {
  if (statements === null) {
    const [documents, spans] = splitStatements(readFileSync(MAPPING_FILE, "utf8"));
    if (documents === undefined || spans === undefined)
      throw new Error("otlp_json.sql must hold two statements");
    statements = { documents, spans };
  }
  return statements;
}

/** Documents with the same columns as a real source, for typing the staging table. */
const NO_DOCUMENTS = "(SELECT '' AS line, toUInt64(0) AS line_no LIMIT 0)";

/**
 * Statement 1 over `source`, a table expression with `line String` (one document) and
 * `line_no UInt64`: one row per document (line_no, resource_spans_list, issues).
 */
export function otlpDocumentsSelect(source: Sql): Sql {
  return sql(mapping().documents.replace("{{source}}", source.text), source.params);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Statement 2 over `documents` (a table with statement 1's columns): otel_traces rows. */
export function otlpSpansSelect(documents: string, keepContent: boolean): Sql {
  return sql(mapping().spans.replace("{{documents}}", documents), {
    keep_content: keepContent,
    content_exact: CONTENT_EXACT_KEYS,
    content_prefix_pattern: `^(${CONTENT_KEY_PREFIXES.map(escapeRegex).join("|")})`,
    content_kept: [...CONTENT_KEPT_FIELDS],
  });
}

/** The engine objects one load uses; all of them are dropped when it ends. */
export interface OtlpLoadTables {
  /** Null table the documents are inserted into. */
  documents: string;
  /** Where the issues end up (line_no, code, message, skipped). */
  issues: string;
  spansView: string;
  issuesView: string;
}

/** Fresh names, so a failed load that could not clean up never blocks the next one. */
export function otlpLoadTables(): OtlpLoadTables {
  const base = `_spendtrail_otlp_${randomBytes(6).toString("hex")}`;
  return {
    documents: `${base}_documents`,
    issues: `${base}_issues`,
    spansView: `${base}_spans_mv`,
    issuesView: `${base}_issues_mv`,
  };
}

/**
 * The staging for one load: inserting documents into `documents` parses each one once; one
 * view maps them into otel_traces and another keeps their issues. The views bind the content
 * parameters when they are created.
 */
export function otlpLoadSetup(tables: OtlpLoadTables, keepContent: boolean): Sql[] {
  const shape = otlpDocumentsSelect(sql(NO_DOCUMENTS));
  const spans = otlpSpansSelect(tables.documents, keepContent);
  return [
    sql(`CREATE TABLE ${tables.documents} ENGINE = Null EMPTY AS ${shape.text}`),
    sql(
      `CREATE TABLE ${tables.issues} (line_no UInt64, code LowCardinality(String), message String, skipped UInt8) ENGINE = Memory`,
    ),
    sql(`CREATE MATERIALIZED VIEW ${tables.spansView} TO otel_traces AS ${spans.text}`, spans.params),
    sql(`CREATE MATERIALIZED VIEW ${tables.issuesView} TO ${tables.issues} AS
SELECT line_no, issue.1 AS code, issue.2 AS message, issue.3 AS skipped
FROM ${tables.documents} ARRAY JOIN issues AS issue`),
  ];
}

/** Drops what `otlpLoadSetup` made, views first. */
export function otlpLoadTeardown(tables: OtlpLoadTables): Sql[] {
  return [tables.spansView, tables.issuesView, tables.documents, tables.issues].map((name) =>
    sql(`DROP TABLE IF EXISTS ${name} SYNC`),
  );
}

/**
 * On chdb the file is read with pread: mmap'ed input pages count in the process's RSS (a 900 MB
 * file adds 900 MB to the peak).
 */
function readSettings(kind: EngineKind): string[] {
  return kind === "chdb" ? ["storage_file_read_method = 'pread'"] : [];
}

/**
 * Insert settings. Documents are squashed into blocks of about 64 MB of text before the views
 * run, so each block becomes one otel_traces part of a useful size without holding much of the
 * input at once. On chdb, skip indexes are left for merges to build: materialising five bloom
 * filters on insert doubles the load time, and a part without them reads the same rows.
 */
function insertSettings(kind: EngineKind): string {
  const settings = [
    "max_insert_threads = 2",
    "min_insert_block_size_rows = 0",
    "min_insert_block_size_bytes = 67108864",
    ...readSettings(kind),
  ];
  if (kind === "chdb") settings.push("materialize_skip_indexes_on_insert = 0");
  return `SETTINGS ${settings.join(", ")}`;
}

/** Inserts the documents of `source` into the load's staging table (the one pass). */
export function otlpLoadInsert(tables: OtlpLoadTables, source: Sql, kind: EngineKind): Sql {
  const select = otlpDocumentsSelect(source);
  return sql(`INSERT INTO ${tables.documents} ${select.text}\n${insertSettings(kind)}`, select.params);
}

/** Reads every line of `source` and nothing else: finds a gzip that ends early before loading. */
export function readThrough(source: Sql, kind: EngineKind): Sql {
  const settings = readSettings(kind);
  const suffix = settings.length > 0 ? `\nSETTINGS ${settings.join(", ")}` : "";
  return sql(`SELECT count() AS n FROM ${source.text}${suffix}`, source.params);
}

/** Issues listed per load; the rest are only counted. */
export const LISTED_ISSUES = 1000;

export interface LoadIssues {
  /** Every issue found. */
  total: number;
  /** Records (documents or spans) skipped. */
  skipped: number;
  /** The first LISTED_ISSUES of them by line: [line_no, code, message]. */
  listed: [number, string, string][];
}

/** What the load's issues table holds, summed up. */
export function otlpLoadIssues(tables: OtlpLoadTables): Sql {
  return sql(`SELECT count() AS total, sum(skipped) AS skipped,
    arraySlice(arraySort(groupArray((line_no, code, message))), 1, ${LISTED_ISSUES}) AS listed
FROM ${tables.issues}`);
}

/** Spans per re-chunked document. */
const SPANS_PER_PIECE = 500;

/** A document whose every resource and scope is an object holding an array (or nothing). */
const SPLITTABLE = `JSONType(line, 'resourceSpans') = 'Array'
    AND arrayAll(rs -> JSONType(rs) = 'Object' AND JSONType(rs, 'scopeSpans') IN ('Array', 'Null')
        AND arrayAll(ss -> JSONType(ss) = 'Object' AND JSONType(ss, 'spans') IN ('Array', 'Null'),
            JSONExtractArrayRaw(rs, 'scopeSpans')),
        JSONExtractArrayRaw(line, 'resourceSpans'))`;

/**
 * `source` with each document cut into small compact documents of at most SPANS_PER_PIECE spans
 * (same resource and scope). One big document (a 200 MB request body) would otherwise be one row
 * whose nested arrays the engine holds and copies whole. A document that is not shaped like
 * OTLP/JSON goes through whole (`kept`), so statement 1 names what is wrong with it.
 */
export function splitDocuments(source: Sql): Sql {
  return sql(
    `(SELECT if(whole, kept, concat('{"resourceSpans":[{"resource":', resource, ',"scopeSpans":[{"scope":', scope,
        ',"spans":[', arrayStringConcat(piece, ','), ']}]}]}')) AS line, line_no
    FROM (
        SELECT line_no, whole, kept, resource, if(JSONExtractRaw(ss, 'scope') = '', '{}', JSONExtractRaw(ss, 'scope')) AS scope,
            JSONExtractArrayRaw(ss, 'spans') AS spans
        FROM (
            SELECT line_no, whole, kept, if(JSONExtractRaw(rs, 'resource') = '', '{}', JSONExtractRaw(rs, 'resource')) AS resource,
                JSONExtractArrayRaw(rs, 'scopeSpans') AS scopes
            FROM (
                SELECT line_no, NOT (${SPLITTABLE}) AS whole, if(whole, line, '') AS kept,
                    arrayJoin(if(whole, [''], JSONExtractArrayRaw(line, 'resourceSpans'))) AS rs
                FROM ${source.text}
            )
        )
        ARRAY JOIN if(whole, [''], scopes) AS ss
    )
    ARRAY JOIN if(whole, [[]], arrayMap(i -> arraySlice(spans, i, ${SPANS_PER_PIECE}), range(1, length(spans) + 1, ${SPANS_PER_PIECE}))) AS piece)`,
    source.params,
  );
}
