import { errorMessage } from "../../errors.js";
import type { IssueCode, ReadInput } from "../reader.js";
import { readCsvRecords } from "./csv-records.js";
import { type RecordEncoding, sniffEncoding } from "./encoding.js";
import { JsonRecordSplitter, PAGE_KEYS } from "./json-split.js";

/** A field map read from one record, with the line it starts on. */
export interface FieldRecord {
  line: number;
  fields: Record<string, unknown>;
}

/**
 * What reading records yields: a record, a record that could not be read (it counts as
 * read and skipped), or a problem of the whole file (it is no record).
 */
export type RecordEvent =
  | ({ kind: "record" } & FieldRecord)
  | { kind: "bad"; line: number; code: IssueCode; message: string }
  | { kind: "file"; code: IssueCode; message: string };

export interface RecordOptions {
  /** Forced encoding; default: sniffed from the sample. */
  encoding?: RecordEncoding;
  /** CSV only: a message naming the missing columns, or null when the header will do. */
  checkHeader?: (columns: readonly string[]) => string | null;
}

/**
 * Streams the records of a CSV (header row), JSON (array, page object `{data: [...]}`, single
 * object) or NDJSON file as field maps. Never throws for bad input: malformed records,
 * a truncated document and a gzip that ends early come back as events.
 */
export async function* readRecords(
  input: ReadInput,
  options: RecordOptions = {},
): AsyncGenerator<RecordEvent> {
  const encoding = options.encoding ?? sniffEncoding(input.sample.text);
  if (encoding === null) {
    yield {
      kind: "file",
      code: "empty",
      message: "the file is empty; expected records (CSV, JSON or NDJSON)",
    };
    return;
  }
  try {
    if (encoding === "csv") yield* readCsvRecords(input.stream(), options.checkHeader);
    else if (encoding === "ndjson") yield* readNdjson(input);
    else yield* readJson(input);
  } catch (err) {
    const message = `the input ends early or cannot be read further (${errorMessage(err)}); the records before it were kept`;
    yield { kind: "file", code: "truncated", message };
  }
}

/** One parsed JSON value as records: an object, the elements of an array, or a page's array. */
export function* recordsOfValue(value: unknown, line: number): Generator<RecordEvent> {
  const page = isObject(value) ? pageOf(value) : null;
  const items = Array.isArray(value) ? value : (page ?? [value]);
  for (const item of items) {
    if (isObject(item)) yield { kind: "record", line, fields: item };
    else yield { kind: "bad", line, code: "bad_record", message: "expected a JSON object for each record" };
  }
}

function pageOf(value: Record<string, unknown>): unknown[] | null {
  for (const key of PAGE_KEYS) {
    const items = value[key];
    if (Array.isArray(items)) return items;
  }
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function* parseRecord(text: string, line: number): Generator<RecordEvent> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    yield { kind: "bad", line, code: "bad_json", message: `not valid JSON (${errorMessage(err)})` };
    return;
  }
  yield* recordsOfValue(value, line);
}

async function* readNdjson(input: ReadInput): AsyncGenerator<RecordEvent> {
  for await (const { text, lineNo } of input.lines()) {
    if (text.trim() === "") continue;
    yield* parseRecord(text, lineNo);
  }
}

async function* readJson(input: ReadInput): AsyncGenerator<RecordEvent> {
  const splitter = new JsonRecordSplitter();
  const stream = input.stream();
  stream.setEncoding("utf8");
  let first = true;
  for await (const chunk of stream) {
    let text = chunk as string;
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    const { records, problems } = splitter.push(text);
    for (const p of problems) yield { kind: "bad", line: p.line, code: "bad_json", message: p.message };
    for (const r of records) yield* parseRecord(r.text, r.line);
  }
  const { truncatedAt } = splitter.end();
  if (truncatedAt !== null) {
    const message = "the JSON ends inside this record (file truncated?); expected its closing bracket";
    yield { kind: "bad", line: truncatedAt, code: "truncated", message };
  }
}
