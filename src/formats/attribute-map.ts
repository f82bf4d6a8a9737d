import { basename } from "node:path";
import { redactContent } from "../record/content.js";
import { type AttributeMap, attributesFromObject, type SpanReaderOptions } from "./attributes.js";
import { isRecord, type JsonDocument, sampleJson } from "./json-input.js";
import { createJsonSpanReader } from "./json-span-reader.js";
import { syntheticId } from "./otel-ids.js";
import type { FormatReader, ReadInput, Sample } from "./reader.js";
import { emptyDraft, SYNTHETIC_IDS_ATTRIBUTE } from "./span-draft.js";
import { type SpanReadRun, shown } from "./span-run.js";

/**
 * One flat attribute map (`{"gen_ai.request.model": "gpt-4", "llm.token_count.prompt": 97, ...}`),
 * as converter test fixtures and debug dumps hold them: one span with synthetic ids (derived
 * from the file name), time 0 and `spendtrail.synthetic_ids=true`; values stored the
 * exporter's way.
 */
export function createAttributeMapReader(options: SpanReaderOptions = {}): FormatReader {
  return createJsonSpanReader(
    {
      id: "attribute-map",
      description: 'One flat span attribute map ({"gen_ai.*": ..., "llm.*": ...}) read as a single span',
      detect: detectAttributeMap,
      readDocument: (doc, run, input) => readAttributeMap(doc, run, input, options),
    },
    options,
  );
}

/** The attribute-map reader with default options (prompt/completion content dropped). */
export const attributeMapReader = createAttributeMapReader();

/** Prefixes of the LLM conventions this reader recognises a map by. */
const KNOWN_PREFIXES = [
  "gen_ai.",
  "llm.",
  "openinference.",
  "ai.",
  "langfuse.",
  "traceloop.",
  "input.",
  "output.",
];

/** Top-level keys of whole documents that other readers own. */
const FOREIGN_KEYS = [
  "resourceSpans",
  "scopeSpans",
  "data",
  "trace",
  "observations",
  "spans",
  "attributes",
  "name",
];

/**
 * Bare `input` / `output` keys some converters put beside the attributes hold the request and
 * response payloads: treated like `input.value` / `output.value` (redacted unless keepContent).
 */
const BARE_CONTENT_KEYS = ["input", "output"];

function detectAttributeMap(sample: Sample): number {
  const value = sampleJson(sample);
  if (!isRecord(value)) return 0;
  const keys = Object.keys(value);
  if (keys.length === 0 || FOREIGN_KEYS.some((k) => k in value)) return 0;
  const dotted = keys.filter((k) => k.includes(".")).length;
  const known = keys.some((k) => KNOWN_PREFIXES.some((p) => k.startsWith(p)));
  // Attribute values are mostly scalars; a map of objects is some other document.
  const objects = Object.values(value).filter(isRecord).length;
  return known && dotted * 2 >= keys.length && objects * 2 < keys.length ? 50 : 0;
}

async function readAttributeMap(
  doc: JsonDocument,
  run: SpanReadRun,
  input: ReadInput,
  options: SpanReaderOptions,
): Promise<void> {
  if (!isRecord(doc.value)) {
    run.reject(1, "bad_record", `expected one JSON object of span attributes, got ${shown(doc.value)}`);
    return;
  }
  if (!doc.complete) {
    run.reject(1, "truncated", "the attribute map is cut off; a partial map would misstate the call");
    return;
  }
  const fileName = basename(input.file);
  const draft = emptyDraft();
  draft.traceId = syntheticId(`trace:${fileName}`, 16);
  draft.spanId = syntheticId(`span:${fileName}#0`, 8);
  draft.attributes = withBareContent(attributesFromObject(doc.value), options);
  draft.attributes[SYNTHETIC_IDS_ATTRIBUTE] = "true";
  await run.accept(draft);
}

function withBareContent(attrs: AttributeMap, options: SpanReaderOptions): AttributeMap {
  if (options.keepContent === true) return attrs;
  for (const key of BARE_CONTENT_KEYS) {
    const value = attrs[key];
    if (value === undefined) continue;
    const kept = redactContent(value);
    if (kept === null) delete attrs[key];
    else attrs[key] = kept;
  }
  return attrs;
}
