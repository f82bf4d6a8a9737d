import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Engine, LocalFile } from "../engine/engine.js";
import { type Sql, sql } from "../engine/sql.js";
import { errorMessage } from "../errors.js";
import type { IssueCode, OtlpDocument, ReadCounts, ReadIssue } from "../formats/reader.js";
import { openInput } from "../formats/source.js";
import {
  type LoadIssues,
  type OtlpLoadTables,
  otlpCoveredCount,
  otlpLineCount,
  otlpLoadInsert,
  otlpLoadIssues,
  otlpLoadSetup,
  otlpLoadTables,
  otlpLoadTeardown,
  otlpUncoveredIssues,
  splitDocuments,
} from "./otlp-json-sql.js";

/** Where OTLP/JSON documents come from: each line of a local file, or texts in memory. */
export type OtlpJsonSource = { lines: LocalFile } | { documents: readonly OtlpDocument[] };

export interface OtlpJsonOptions {
  /** The input as the user named it; every issue names it. */
  file: string;
  /** Keep prompt/completion attributes (`--keep-content`); default is to drop them. */
  keepContent: boolean;
}

export interface OtlpJsonResult {
  /** `read` counts spans loaded plus records skipped; `skipped` unusable documents and spans. */
  counts: ReadCounts;
  issues: ReadIssue[];
}

/** Lines decompressed in JS per load when the engine cannot read a gzip to its end. */
const BATCH_CHARS = 32 * 1024 * 1024;

/**
 * Loads OTLP/JSON into otel_traces with the engine doing the parsing (one SQL mapping for
 * every shape, one pass). Bad documents and spans become issues with their line number; a gzip
 * that ends early is read line by line up to the break and reported as `truncated`.
 */
export async function loadOtlpJson(
  engine: Engine,
  source: OtlpJsonSource,
  options: OtlpJsonOptions,
): Promise<OtlpJsonResult> {
  if ("documents" in source) return loadDocuments(engine, source.documents, options);
  const lines = await engine.fileLines(source.lines);
  try {
    const total = await countLines(engine, source.lines, lines.source);
    if (total === null) return await loadTruncated(engine, source.lines, options);
    const input = { mapped: lines.source, whole: lines.source, documents: total };
    return await loadOnce(engine, input, options, (line) => line);
  } finally {
    await lines.release();
  }
}

/**
 * Documents go through a temporary file, one per line (a JSON text stays valid with its line
 * breaks turned into spaces: none can be inside a string), so the engine reads them as it reads
 * a lines file: binding big texts as parameters costs the engine many times their size.
 */
async function loadDocuments(
  engine: Engine,
  documents: readonly OtlpDocument[],
  options: OtlpJsonOptions,
): Promise<OtlpJsonResult> {
  const dir = await mkdtemp(join(tmpdir(), "spendtrail-otlp-"));
  const path = join(dir, "documents.jsonl");
  try {
    await writeDocuments(path, documents);
    const lines = await engine.fileLines({ path, compression: "none" });
    try {
      const input = {
        mapped: splitDocuments(lines.source),
        whole: lines.source,
        documents: documents.length,
      };
      // Issues name the document's own line, not its line in the temporary file.
      return await loadOnce(engine, input, options, (n) => documents[n - 1]?.line ?? n);
    } finally {
      await lines.release();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function writeDocuments(path: string, documents: readonly OtlpDocument[]): Promise<void> {
  const out = await open(path, "w");
  try {
    for (const doc of documents) await out.write(`${doc.text.replace(/[\r\n]+/g, " ")}\n`);
  } finally {
    await out.close();
  }
}

/**
 * Lines in the file, or null for a gzip that ends early: the engine refuses such a file as a
 * whole, so this is found before anything is stored.
 */
async function countLines(engine: Engine, file: LocalFile, lines: Sql): Promise<number | null> {
  try {
    const [row] = await engine.query<{ n: number }>(otlpLineCount(file, lines, engine.kind));
    return Number(row?.n ?? 0);
  } catch (err) {
    if (file.compression === "gzip") return null;
    throw err;
  }
}

interface LoadInput {
  /** The documents to map (possibly re-chunked; pieces keep their document's line_no). */
  mapped: Sql;
  /** The documents as given, one per line_no. */
  whole: Sql;
  /** How many there are. */
  documents: number;
}

/**
 * One pass: the mapping inserts spans and collects issues through the staging views. Documents
 * that gave no row at all (bad JSON, no spans) are looked at afterwards, alone.
 */
async function loadOnce(
  engine: Engine,
  input: LoadInput,
  options: OtlpJsonOptions,
  lineOf: (line: number) => number,
): Promise<OtlpJsonResult> {
  const tables = otlpLoadTables();
  try {
    for (const statement of otlpLoadSetup(tables)) await engine.exec(statement);
    const insert = otlpLoadInsert(tables, input.mapped, options.keepContent, engine.kind);
    const spans = await insertCounted(engine, insert);
    if ((await coveredLines(engine, tables)) < input.documents) {
      await engine.exec(otlpUncoveredIssues(tables, input.whole, engine.kind));
    }
    const [found] = await engine.query<LoadIssues>(otlpLoadIssues(tables));
    return resultOf(spans, found ?? { total: 0, skipped: 0, listed: [] }, options.file, lineOf);
  } finally {
    await dropAll(engine, otlpLoadTeardown(tables));
  }
}

async function coveredLines(engine: Engine, tables: OtlpLoadTables): Promise<number> {
  const [row] = await engine.query<{ n: number }>(otlpCoveredCount(tables));
  return Number(row?.n ?? 0);
}

/** Best effort: a failed drop must not hide why the load failed (names are never reused). */
async function dropAll(engine: Engine, statements: readonly Sql[]): Promise<void> {
  for (const statement of statements) await engine.exec(statement).catch(() => undefined);
}

/**
 * Spans inserted by `insert`, from the table's row count before and after (exact for the
 * sequential ingest; an INSERT returns no rows to count).
 */
async function insertCounted(engine: Engine, insert: Sql): Promise<number> {
  const count = sql("SELECT count() AS n FROM otel_traces");
  const [before] = await engine.query<{ n: number }>(count);
  await engine.exec(insert);
  const [after] = await engine.query<{ n: number }>(count);
  return Number(after?.n ?? 0) - Number(before?.n ?? 0);
}

function resultOf(
  spans: number,
  found: LoadIssues,
  file: string,
  lineOf: (line: number) => number,
): OtlpJsonResult {
  const issues = found.listed.map(
    ([line, code, message]): ReadIssue => ({
      file,
      line: lineOf(Number(line)),
      code: code as IssueCode,
      message,
    }),
  );
  const unlisted = Number(found.total) - issues.length;
  if (unlisted > 0) {
    issues.push({
      file,
      line: null,
      code: "bad_record",
      message: `${unlisted} more issues like the ones above (only the first ${issues.length} are listed)`,
    });
  }
  const skipped = Number(found.skipped);
  return { counts: { read: spans + skipped, skipped }, issues };
}

function merge(total: OtlpJsonResult, part: OtlpJsonResult): void {
  total.counts.read += part.counts.read;
  total.counts.skipped += part.counts.skipped;
  total.issues.push(...part.issues);
}

/** A gzip the engine cannot finish: decompress in JS up to the break and load those lines. */
async function loadTruncated(
  engine: Engine,
  file: LocalFile,
  options: OtlpJsonOptions,
): Promise<OtlpJsonResult> {
  const documents: OtlpDocument[] = [];
  const total: OtlpJsonResult = { counts: { read: 0, skipped: 0 }, issues: [] };
  let chars = 0;
  let lastLine = 0;
  const flush = async (): Promise<void> => {
    merge(total, await loadDocuments(engine, documents.splice(0), options));
    chars = 0;
  };
  try {
    const input = await openInput(file.path);
    for await (const { text, lineNo } of input.lines()) {
      lastLine = lineNo;
      if (text.trim() === "") continue;
      documents.push({ line: lineNo, text });
      chars += text.length;
      if (chars >= BATCH_CHARS) await flush();
    }
  } catch (err) {
    total.issues.push({
      file: options.file,
      line: null,
      code: "truncated",
      message: `the compressed input ends early after line ${lastLine} (${errorMessage(err)}); the lines before it were loaded, the last one may be cut`,
    });
  }
  await flush();
  return total;
}
