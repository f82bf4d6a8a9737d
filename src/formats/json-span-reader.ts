import type { SpanReaderOptions } from "./attributes.js";
import { type JsonDocument, readJsonDocument } from "./json-input.js";
import type { FormatReader, ReadCounts, ReadInput, RecordSink, Sample } from "./reader.js";
import { SpanReadRun } from "./span-run.js";

/** What one whole-document JSON span format adds to the shared reader skeleton. */
export interface JsonSpanFormat {
  id: string;
  description: string;
  detect(sample: Sample): number;
  /** Turns the parsed document into spans, issues and rejects on `run`. */
  readDocument(doc: JsonDocument, run: SpanReadRun, input: ReadInput): Promise<void>;
}

/**
 * A span reader over one whole JSON document (Jaeger downloads, Langfuse exports, attribute
 * maps): parses the document once (an unreadable one is already an issue), lets the format
 * walk it, and hands back the run's counts.
 */
export function createJsonSpanReader(format: JsonSpanFormat, options: SpanReaderOptions): FormatReader {
  return {
    id: format.id,
    description: format.description,
    produces: "spans",
    detect: format.detect,
    read: (input, sink) => readJsonSpans(format, input, sink, options),
  };
}

async function readJsonSpans(
  format: JsonSpanFormat,
  input: ReadInput,
  sink: RecordSink,
  options: SpanReaderOptions,
): Promise<ReadCounts> {
  const run = new SpanReadRun(input.file, sink, options);
  const doc = await readJsonDocument(input, sink);
  if (doc !== null) await format.readDocument(doc, run, input);
  return run.finish();
}
