import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Engine, LocalFile } from "../engine/engine.js";
import { type Sql, sql } from "../engine/sql.js";
import { errorMessage } from "../errors.js";
import type { OtlpDocument, ReadCounts, ReadIssue } from "../formats/reader.js";
import { openInput } from "../formats/source.js";
import { type DocumentCheck, otlpJsonCheck, otlpJsonInsert, splitDocuments } from "./otlp-json-sql.js";

/** Where OTLP/JSON documents come from: each line of a local file, or texts in memory. */
export type OtlpJsonSource = { lines: LocalFile } | { documents: readonly OtlpDocument[] };

export interface OtlpJsonOptions {
  /** The input as the user named it; every issue names it. */
  file: string;
  /** Keep prompt/completion attributes (`--keep-content`); default is to drop them. */
  keepContent: boolean;
}

export interface OtlpJsonResult {
  /** `read` counts spans loaded plus unusable documents; `skipped` the unusable documents. */
  counts: ReadCounts;
  issues: ReadIssue[];
}

/** Lines decompressed in JS per load when the engine cannot read a gzip to its end. */
const BATCH_CHARS = 32 * 1024 * 1024;

/**
 * Loads OTLP/JSON into otel_traces with the engine doing the parsing (one SQL mapping for
 * every shape). Bad documents become issues with their line number; a gzip that ends early
 * is read line by line up to the break and reported as `truncated`.
 */
export async function loadOtlpJson(
  engine: Engine,
  source: OtlpJsonSource,
  options: OtlpJsonOptions,
): Promise<OtlpJsonResult> {
  if ("documents" in source) return loadDocuments(engine, source.documents, options);
  const lines = await engine.fileLines(source.lines);
  try {
    const check = await tryCheck(engine, lines.source, source.lines);
    if (check === null) return await loadTruncated(engine, source.lines, options);
    const spans = await insertCounted(engine, otlpJsonInsert(lines.source, options.keepContent, engine.kind));
    return resultOf(spans, check, options.file);
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
      const check = await runCheck(engine, lines.source);
      // Issues name the document's own line, not its line in the temporary file.
      const renumbered = check.listed.map(([n, valid]): [number, number] => [
        documents[n - 1]?.line ?? n,
        valid,
      ]);
      const insert = otlpJsonInsert(splitDocuments(lines.source), options.keepContent, engine.kind);
      const spans = await insertCounted(engine, insert);
      return resultOf(spans, { bad: check.bad, listed: renumbered }, options.file);
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

async function runCheck(engine: Engine, source: Sql): Promise<DocumentCheck> {
  const [row] = await engine.query<DocumentCheck>(otlpJsonCheck(source, engine.kind));
  return row ?? { bad: 0, listed: [] };
}

/**
 * The check reads the whole file first, so a gzip that ends early is found before anything is
 * inserted (null); the engine refuses such a file as a whole.
 */
async function tryCheck(engine: Engine, source: Sql, file: LocalFile): Promise<DocumentCheck | null> {
  try {
    return await runCheck(engine, source);
  } catch (err) {
    if (file.compression === "gzip") return null;
    throw err;
  }
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

function resultOf(spans: number, check: DocumentCheck, file: string): OtlpJsonResult {
  const issues = check.listed.map(([line, valid]): ReadIssue => issueFor(file, line, valid === 1));
  const unlisted = Number(check.bad) - issues.length;
  if (unlisted > 0) {
    issues.push({
      file,
      line: null,
      code: "bad_record",
      message: `${unlisted} more documents are not OTLP/JSON objects with "resourceSpans" (only the first ${issues.length} are listed)`,
    });
  }
  const bad = Number(check.bad);
  return { counts: { read: spans + bad, skipped: bad }, issues };
}

function issueFor(file: string, line: number, validJson: boolean): ReadIssue {
  return validJson
    ? {
        file,
        line,
        code: "bad_record",
        message:
          'expected an OTLP/JSON object with a "resourceSpans" array (ExportTraceServiceRequest or TracesData)',
      }
    : { file, line, code: "bad_json", message: "not valid JSON; expected one OTLP/JSON document per line" };
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
