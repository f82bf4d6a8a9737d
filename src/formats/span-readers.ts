import { createAttributeMapReader } from "./attribute-map.js";
import type { SpanReaderOptions } from "./attributes.js";
import { createJaegerJsonReader } from "./jaeger-json.js";
import { createLangfuseTraceExportReader } from "./langfuse-trace-export.js";
import type { FormatReader } from "./reader.js";
import { createSpanListReader } from "./span-list.js";

/**
 * Factories of the JS span readers, by reader id. The registry holds instances with default
 * options (content dropped); ingest uses `withSpanReaderOptions` to honour `--keep-content`.
 */
export const SPAN_READER_FACTORIES: Readonly<Record<string, (options: SpanReaderOptions) => FormatReader>> = {
  "jaeger-json": createJaegerJsonReader,
  "langfuse-trace-export": createLangfuseTraceExportReader,
  "span-list": createSpanListReader,
  "attribute-map": createAttributeMapReader,
};

/** The same reader configured with `options` when it is a JS span reader; other readers as they are. */
export function withSpanReaderOptions(reader: FormatReader, options: SpanReaderOptions): FormatReader {
  const make = SPAN_READER_FACTORIES[reader.id];
  return make === undefined ? reader : make(options);
}
