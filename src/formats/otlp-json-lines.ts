import type { FormatReader, Sample } from "./reader.js";

/** A line that starts like a compact OTLP/JSON document (what pdata's JSON marshaler writes). */
const COMPACT_START = /^\{\s*"resourceSpans"\s*:\s*\[/;

/**
 * OTLP/JSON Lines: each line one `{"resourceSpans":[...]}` document, as the Collector `file`
 * exporter writes it (format json, no compression). The engine parses the file itself.
 */
export const otlpJsonLinesReader: FormatReader = {
  id: "otlp-json-lines",
  description: "OTLP/JSON Lines (Collector file exporter: one {resourceSpans} batch per line)",
  produces: "spans",
  detect: detectOtlpJsonLines,
  read: async (input, sink) => {
    if (input.sample.complete && input.sample.text.trim() === "") {
      sink.issue({
        file: input.file,
        line: null,
        code: "empty",
        message: "the file is empty; expected OTLP/JSON lines",
      });
      return { read: 0, skipped: 0 };
    }
    return sink.otlpJson({ lines: input.local });
  },
};

function detectOtlpJsonLines(sample: Sample): number {
  const text = sample.text.replace(/^\s+/, "");
  const end = text.indexOf("\n");
  const first = (end === -1 ? text : text.slice(0, end)).trimEnd();
  if (!COMPACT_START.test(first)) return 0;
  // The first line is whole when a newline follows it or the sample holds the whole file.
  if (end === -1 && !sample.complete) return 85;
  if (!parsesAsDocument(first)) return 0;
  const more = end !== -1 && text.slice(end + 1).trim() !== "";
  return more || sample.complete ? 90 : 85;
}

function parsesAsDocument(line: string): boolean {
  try {
    const value: unknown = JSON.parse(line);
    return (
      typeof value === "object" &&
      value !== null &&
      Array.isArray((value as { resourceSpans?: unknown }).resourceSpans)
    );
  } catch {
    return false;
  }
}
