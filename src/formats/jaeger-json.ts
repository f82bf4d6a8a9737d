import type { AttributeMap, SpanReaderOptions } from "./attributes.js";
import { jaegerSpan, processResource } from "./jaeger-span.js";
import { isRecord, type JsonDocument, sampleJson } from "./json-input.js";
import { isIncomplete } from "./json-lenient.js";
import { createJsonSpanReader } from "./json-span-reader.js";
import type { FormatReader, Sample } from "./reader.js";
import { type SpanReadRun, shown } from "./span-run.js";

/**
 * Jaeger trace JSON: the query API / UI "Download JSON" shape `{"data":[trace, ...]}`, one
 * bare trace object `{traceID, spans, processes}`, or an array of trace objects. Times are
 * microseconds; every span counts as one record, numbered through the file.
 */
export function createJaegerJsonReader(options: SpanReaderOptions = {}): FormatReader {
  return createJsonSpanReader(
    {
      id: "jaeger-json",
      description: "Jaeger trace JSON (query API / UI download {data:[...]}, or one trace object)",
      detect: detectJaeger,
      readDocument: readJaeger,
    },
    options,
  );
}

/** The Jaeger reader with default options (prompt/completion content dropped). */
export const jaegerJsonReader = createJaegerJsonReader();

function tracesOf(value: unknown): unknown[] | null {
  if (isRecord(value) && Array.isArray(value.data)) return value.data;
  if (isTraceObject(value)) return [value];
  if (Array.isArray(value) && value.length > 0 && isTraceObject(value[0])) return value;
  return null;
}

function isTraceObject(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && Array.isArray(value.spans) && ("traceID" in value || "processes" in value);
}

function detectJaeger(sample: Sample): number {
  const value = sampleJson(sample);
  const traces = tracesOf(value);
  if (traces === null) return 0;
  const first = traces[0];
  if (first === undefined) return isRecord(value) && "total" in value && "limit" in value ? 60 : 0;
  if (!isRecord(first) || !Array.isArray(first.spans)) return 0;
  const span = first.spans[0];
  if (isRecord(span)) return "spanID" in span && "operationName" in span ? 95 : 0;
  return "traceID" in first && "processes" in first ? 80 : 0;
}

async function readJaeger(doc: JsonDocument, run: SpanReadRun): Promise<void> {
  const traces = tracesOf(doc.value);
  if (traces === null) {
    run.warn(null, "bad_record", 'expected Jaeger trace JSON: {"data":[{traceID, spans, processes}]}');
    return;
  }
  let record = 0;
  for (const [t, trace] of traces.entries()) {
    if (!isRecord(trace) || !Array.isArray(trace.spans)) {
      if (!isIncomplete(traces)) {
        run.warn(
          null,
          "bad_record",
          `trace #${t + 1}: expected {traceID, spans, processes}, got ${shown(trace)}`,
        );
      }
      continue;
    }
    const resources = new ProcessResources(run, trace);
    for (const raw of trace.spans) {
      record += 1;
      await readSpan(run, record, raw, trace.traceID, resources);
    }
  }
}

async function readSpan(
  run: SpanReadRun,
  record: number,
  raw: unknown,
  traceId: unknown,
  resources: ProcessResources,
): Promise<void> {
  if (!isRecord(raw))
    return run.reject(record, "bad_record", `span #${record}: expected a span object, got ${shown(raw)}`);
  if (isIncomplete(raw))
    return run.reject(record, "truncated", `span #${record} is cut off by the end of the input`);
  const label = `span #${record} (spanID ${shown(raw.spanID)})`;
  const resource = isRecord(raw.process)
    ? processResource(raw.process).resource
    : resources.get(raw.processID, record);
  const built = jaegerSpan(raw, traceId, resource);
  if ("error" in built) return run.reject(record, "bad_value", `${label}: ${built.error}`);
  for (const problem of built.problems) run.warn(record, "bad_value", `${label}: ${problem}`);
  await run.accept(built.draft);
}

/** Each trace's `processes`, turned into resource attributes once per process id. */
class ProcessResources {
  private readonly cache = new Map<string, AttributeMap>();
  private warnedMissing = false;
  constructor(
    private readonly run: SpanReadRun,
    private readonly trace: Record<string, unknown>,
  ) {}

  get(processId: unknown, record: number): AttributeMap {
    const id = typeof processId === "string" ? processId : "";
    const cached = this.cache.get(id);
    if (cached !== undefined) return cached;
    const processes = isRecord(this.trace.processes) ? this.trace.processes : null;
    if ((processes === null || !(id in processes)) && id !== "" && !this.warnedMissing) {
      this.warnedMissing = true;
      const why = isIncomplete(this.trace)
        ? "the trace is cut off before its processes"
        : "it is not in processes";
      this.run.warn(
        record,
        "bad_record",
        `process ${shown(id)} of span #${record}: ${why}; service name left empty`,
      );
    }
    const { resource, problems } = processResource(processes?.[id]);
    for (const p of problems) this.run.warn(record, "bad_value", `process ${shown(id)}: ${p}`);
    this.cache.set(id, resource);
    return resource;
  }
}
