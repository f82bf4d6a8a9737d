import { basename } from "node:path";
import type { SpanReaderOptions } from "./attributes.js";
import { isRecord, looksLikeJsonLines, readJsonDocument, sampleJson } from "./json-input.js";
import { isIncomplete } from "./json-lenient.js";
import type { FormatReader, ReadCounts, ReadInput, RecordSink, Sample } from "./reader.js";
import { spanLikeDraft } from "./span-like.js";
import { SpanReadRun, shown } from "./span-run.js";

/**
 * A JSON array of span-like objects with flat `attributes` (test snapshots of OpenInference
 * and the Vercel AI SDK, OTel JS ReadableSpan / ConsoleSpanExporter dumps, Python
 * `span.to_json()` lists), one such object, or JSON Lines of them. Each element is one record
 * (1-based index; the line number for JSON Lines).
 * See span-like.ts for the fields read and what is synthesised.
 */
export function createSpanListReader(options: SpanReaderOptions = {}): FormatReader {
  return {
    id: "span-list",
    description: "JSON span snapshots/dumps: an array of {name, attributes, ...} spans, or one such span",
    produces: "spans",
    detect: detectSpanList,
    read: (input, sink) => readSpanList(input, sink, options),
  };
}

/** The span-list reader with default options (prompt/completion content dropped). */
export const spanListReader = createSpanListReader();

/** Keys that belong to other formats' documents (OTLP, Jaeger, Langfuse exports). */
const FOREIGN_KEYS = ["resourceSpans", "scopeSpans", "spanID", "observations", "spans", "data", "trace"];

/** Keys that make a lone `{name, attributes}` object clearly a span. */
const SPAN_HINTS = [
  "parent_span_id",
  "parentSpanId",
  "parentId",
  "parent_id",
  "parentSpanContext",
  "spanId",
  "span_id",
  "traceId",
  "trace_id",
  "context",
  "_spanContext",
  "startTime",
  "start_time",
  "kind",
  "status",
  "events",
];

function isSpanLike(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value) || FOREIGN_KEYS.some((k) => k in value)) return false;
  const named = typeof value.name === "string" || isIncomplete(value);
  return named && (isRecord(value.attributes) || Array.isArray(value.attributes) || "_spanContext" in value);
}

function detectSpanList(sample: Sample): number {
  const value = sampleJson(sample);
  // Above otlp-json's 75 for `[{"resource": ...`: an element with its own name and attributes is a span, not ResourceSpans.
  if (Array.isArray(value)) return isSpanLike(value[0]) ? 80 : 0;
  if (!isSpanLike(value)) return 0;
  return SPAN_HINTS.some((k) => k in value) ? 60 : 55;
}

async function readSpanList(
  input: ReadInput,
  sink: RecordSink,
  options: SpanReaderOptions,
): Promise<ReadCounts> {
  const run = new SpanReadRun(input.file, sink, options);
  const fileName = basename(input.file);
  if (looksLikeJsonLines(input.sample)) {
    await readJsonLines(input, run, fileName);
    return run.finish();
  }
  const doc = await readJsonDocument(input, sink);
  if (doc === null) return run.finish();
  const records = Array.isArray(doc.value) ? doc.value : [doc.value];
  for (const [index, obj] of records.entries())
    await readOne(run, obj, index + 1, `span #${index + 1}`, fileName);
  return run.finish();
}

/** One span per line (JSONL dumps); records are numbered by line. */
async function readJsonLines(input: ReadInput, run: SpanReadRun, fileName: string): Promise<void> {
  try {
    for await (const { text, lineNo } of input.lines()) {
      if (text.trim() === "") continue;
      let obj: unknown;
      try {
        obj = JSON.parse(text);
      } catch {
        run.reject(lineNo, "bad_json", `line ${lineNo}: expected one JSON span object per line`);
        continue;
      }
      await readOne(run, obj, lineNo, `line ${lineNo}`, fileName);
    }
  } catch (err) {
    run.warn(null, "truncated", `the input ends early (${err instanceof Error ? err.message : String(err)})`);
  }
}

async function readOne(run: SpanReadRun, obj: unknown, record: number, label: string, fileName: string) {
  if (!isRecord(obj))
    return run.reject(record, "bad_record", `${label}: expected a span object, got ${shown(obj)}`);
  if (isIncomplete(obj))
    return run.reject(record, "truncated", `${label} is cut off by the end of the input`);
  const built = spanLikeDraft(obj, { fileName, index: record - 1 });
  const name = `${label} (${shown(obj.name)})`;
  if ("error" in built) return run.reject(record, "bad_value", `${name}: ${built.error}`);
  for (const p of built.problems) run.warn(record, "bad_value", `${name}: ${p}`);
  await run.accept(built.draft);
}
