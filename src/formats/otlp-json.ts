import type { FormatReader, ReadCounts, ReadInput, RecordSink, Sample } from "./reader.js";
import { readWholeInput } from "./whole-input.js";

const DOCUMENT_START = /^\{\s*"resourceSpans"\s*:/;
/** A bare array of ResourceSpans: `[{"resource": ...` or `[{"scopeSpans": ...`. */
const RESOURCE_SPANS_START = /^\[\s*\{\s*"(resource|scopeSpans|schemaUrl)"\s*:/;

/**
 * One OTLP/JSON document, pretty-printed or not: an ExportTraceServiceRequest / TracesData
 * `{"resourceSpans":[...]}` (an OTLP/HTTP JSON body, a Langfuse fixture), or a bare array of
 * ResourceSpans. Loses to `otlp-json-lines` for a file of compact one-line documents.
 */
export const otlpJsonReader: FormatReader = {
  id: "otlp-json",
  description: "OTLP/JSON document ({resourceSpans:[...]} request body, or an array of ResourceSpans)",
  produces: "spans",
  detect: detectOtlpJson,
  read: readOtlpJson,
};

function detectOtlpJson(sample: Sample): number {
  const text = sample.text.replace(/^\s+/, "");
  if (DOCUMENT_START.test(text)) return 80;
  if (RESOURCE_SPANS_START.test(text)) return 75;
  return 0;
}

async function readOtlpJson(input: ReadInput, sink: RecordSink): Promise<ReadCounts> {
  const { bytes, error } = await readWholeInput(input);
  if (error !== null) {
    sink.issue({
      file: input.file,
      line: null,
      code: "truncated",
      message: `the input ends early (${error}); the document is read as far as it goes`,
    });
  }
  // Line breaks are never inside a JSON string, so turning them into spaces (in place, before
  // decoding) makes the document one line without another copy of a large text.
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) bytes[i] = 0x20;
  for (let i = bytes.indexOf(0x0d); i !== -1; i = bytes.indexOf(0x0d, i + 1)) bytes[i] = 0x20;
  let text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  if (!/\S/.test(text)) {
    if (error === null) {
      sink.issue({
        file: input.file,
        line: null,
        code: "empty",
        message: "the file is empty; expected an OTLP/JSON document",
      });
    }
    return { read: 0, skipped: 0 };
  }
  // A bare array of ResourceSpans becomes the request shape the mapping reads.
  if (/^\s*\[/.test(text)) text = `{"resourceSpans":${text}}`;
  return sink.otlpJson({ documents: [{ line: 1, text }] });
}
