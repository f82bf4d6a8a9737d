import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { EngineKind, LocalFile } from "../engine/engine.js";
import { type Sql, splitStatements, sql } from "../engine/sql.js";
import { CONTENT_EXACT_KEYS, CONTENT_KEPT_FIELDS, CONTENT_KEY_PREFIXES } from "../record/content.js";

const MAPPING_FILE = new URL("../engine/sql/otlp_json.sql", import.meta.url);

let statements: { documents: string; spans: string } | null = null;

/** The two statements of src/engine/sql/otlp_json.sql (read once). */
function mapping(): { documents: string; spans: string } {
  if (statements === null) {
    const [documents, spans] = splitStatements(readFileSync(MAPPING_FILE, "utf8"));
    if (documents === undefined || spans === undefined) {
      throw new Error(`${MAPPING_FILE.pathname} must hold two statements`);
    }
    statements = { documents, spans };
  }
  return statements;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Statement 1 over `source` (`line String`, `line_no UInt64`): one row per document. */
export function otlpDocumentsSelect(source: Sql): Sql {
  return sql(mapping().documents.replace("{{source}}", source.text), source.params);
}

/**
 * The one OTLP/JSON -> otel_traces mapping (statement 2 over statement 1) over `source`: the
 * otel_traces columns plus `line_no`, `keep` and `issues`. Content attributes are dropped (JSON
 * objects reduced to their kept fields) unless `keepContent`.
 */
export function otlpJsonSelect(source: Sql, keepContent: boolean): Sql {
  const documents = otlpDocumentsSelect(source);
  return sql(mapping().spans.replace("{{documents}}", `(${documents.text})`), {
    ...documents.params,
    keep_content: keepContent,
    content_exact: CONTENT_EXACT_KEYS,
    content_prefix_pattern: `^(${CONTENT_KEY_PREFIXES.map(escapeRegex).join("|")})`,
    content_kept: [...CONTENT_KEPT_FIELDS],
  });
}

/** The engine objects of one load; all of them are dropped when it ends. */
export interface OtlpLoadTables {
  /** Table that keeps nothing, the mapped rows are inserted into; views route them on. */
  staging: string;
  /** Issues found (line_no, code, message, skipped). */
  issues: string;
  /** Lines that gave at least one row. */
  covered: string;
  views: readonly string[];
}

/** Fresh names, so a load that could not clean up never gets in the way of the next one. */
export function otlpLoadTables(): OtlpLoadTables {
  const base = `_spendtrail_otlp_${randomBytes(6).toString("hex")}`;
  return {
    staging: `${base}_staging`,
    issues: `${base}_issues`,
    covered: `${base}_covered`,
    views: [`${base}_spans_mv`, `${base}_issues_mv`, `${base}_covered_mv`],
  };
}

/**
 * The staging for one load. The mapping runs once, in the INSERT (in parallel, analysed once);
 * the views only route its rows: stored spans to otel_traces, issues and covered lines to their
 * tables. (A view runs its query again for every block, so the mapping must not be in one.)
 */
export function otlpLoadSetup(tables: OtlpLoadTables): Sql[] {
  const [spans, issues, covered] = tables.views;
  return [
    // The mapping's columns, in its order: otel_traces' and then line_no, keep, issues. A Buffer
    // with no destination keeps nothing (every block is over its 1-row limit and goes to the
    // missing destination), like Null, but takes parallel inserts: with parallel view processing
    // each insert thread runs its own views, so the MergeTree writes run side by side.
    sql(`CREATE TABLE ${tables.staging} ENGINE = Buffer('', '', 1, 0, 0, 0, 1, 0, 1) EMPTY AS
SELECT *, toUInt64(0) AS line_no, true AS keep, [('', '', toUInt8(0))] AS issues FROM otel_traces`),
    sql(
      `CREATE TABLE ${tables.issues} (line_no UInt64, code LowCardinality(String), message String, skipped UInt8) ENGINE = Memory`,
    ),
    sql(`CREATE TABLE ${tables.covered} (line_no UInt64) ENGINE = Memory`),
    sql(`CREATE MATERIALIZED VIEW ${spans} TO otel_traces AS
SELECT * EXCEPT (line_no, keep, issues) FROM ${tables.staging} WHERE keep`),
    sql(`CREATE MATERIALIZED VIEW ${issues} TO ${tables.issues} AS
SELECT line_no, issue.1 AS code, issue.2 AS message, issue.3 AS skipped
FROM ${tables.staging} ARRAY JOIN issues AS issue`),
    sql(`CREATE MATERIALIZED VIEW ${covered} TO ${tables.covered} AS
SELECT DISTINCT line_no FROM ${tables.staging}`),
  ];
}

/** Drops what `otlpLoadSetup` made, views first. */
export function otlpLoadTeardown(tables: OtlpLoadTables): Sql[] {
  return [...tables.views, tables.staging, tables.issues, tables.covered].map((name) =>
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

function settingsClause(settings: readonly string[]): string {
  return settings.length > 0 ? `\nSETTINGS ${settings.join(", ")}` : "";
}

/**
 * Insert settings. On chdb, skip indexes are left for merges to build: materialising five bloom
 * filters on insert doubles the load time, and a part without them reads the same rows.
 */
function insertSettings(kind: EngineKind): string[] {
  const settings = [
    "max_insert_threads = 2",
    "parallel_view_processing = 1",
    "min_insert_block_size_rows = 262144",
    ...readSettings(kind),
  ];
  if (kind === "chdb") settings.push("materialize_skip_indexes_on_insert = 0");
  return settings;
}

/** The one pass: the mapping over `source`, into the load's staging table. */
export function otlpLoadInsert(
  tables: OtlpLoadTables,
  source: Sql,
  keepContent: boolean,
  kind: EngineKind,
): Sql {
  const select = otlpJsonSelect(source, keepContent);
  return sql(
    `INSERT INTO ${tables.staging} ${select.text}${settingsClause(insertSettings(kind))}`,
    select.params,
  );
}

/**
 * Lines of a local file (`source` is its lines), for chdb counted without parsing them (it
 * counts newlines). For a gzip this reads it to the end, so one that ends early fails here,
 * before anything is stored.
 */
export function otlpLineCount(file: LocalFile, source: Sql, kind: EngineKind): Sql {
  if (kind !== "chdb") return sql(`SELECT count() AS n FROM ${source.text}`, source.params);
  return sql(
    `SELECT count() AS n FROM file({count_path:String}, 'LineAsString', 'line String', {count_compression:String})${settingsClause(readSettings(kind))}`,
    { count_path: file.path, count_compression: file.compression },
  );
}

/** How many distinct lines gave a row: fewer than the input has means some gave no span. */
export function otlpCoveredCount(tables: OtlpLoadTables): Sql {
  return sql(`SELECT uniqExact(line_no) AS n FROM ${tables.covered}`);
}

/** Statement 1 alone on the lines of `source` that gave no row: why they hold no span. */
export function otlpUncoveredIssues(tables: OtlpLoadTables, source: Sql, kind: EngineKind): Sql {
  const uncovered = sql(
    `(SELECT line, line_no FROM ${source.text} WHERE line_no NOT IN (SELECT line_no FROM ${tables.covered}))`,
    source.params,
  );
  const documents = otlpDocumentsSelect(uncovered);
  return sql(
    `INSERT INTO ${tables.issues}
SELECT line_no, issue.1, issue.2, issue.3 FROM (${documents.text}) ARRAY JOIN document_issues AS issue${settingsClause(readSettings(kind))}`,
    documents.params,
  );
}

/** Issues listed per load; the rest are only counted. */
export const LISTED_ISSUES = 1000;

export interface LoadIssues {
  /** Every issue found. */
  total: number;
  /** Records (documents or spans) left out. */
  skipped: number;
  /** The first LISTED_ISSUES by line: [line_no, code, message]. */
  listed: [number, string, string][];
}

/**
 * The load's issues, summed up. A document's issues ride on the first span of each of its
 * resources, so the same issue can arrive more than once: DISTINCT.
 */
export function otlpLoadIssues(tables: OtlpLoadTables): Sql {
  return sql(`SELECT count() AS total, sum(skipped) AS skipped,
    groupArraySorted(${LISTED_ISSUES})((line_no, code, message)) AS listed
FROM (SELECT DISTINCT line_no, code, message, skipped FROM ${tables.issues})`);
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
 * OTLP/JSON goes through whole (`kept`), so the mapping names what is wrong with it.
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
