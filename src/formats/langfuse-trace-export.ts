import type { SpanReaderOptions } from "./attributes.js";
import { isRecord, type JsonDocument, sampleJson } from "./json-input.js";
import { isIncomplete } from "./json-lenient.js";
import { createJsonSpanReader } from "./json-span-reader.js";
import { type LangfuseTrace, langfuseTrace, observationSpan } from "./langfuse-observation.js";
import type { FormatReader, Sample } from "./reader.js";
import { type SpanReadRun, shown } from "./span-run.js";

/**
 * A Langfuse trace export: `{"trace": {...}, "observations": [...]}` (the UI's download and
 * Langfuse's own test fixtures), `{"trace": {..., "observations": [...]}}`, the public API's
 * trace object with inline `observations`, or an array of these. Each observation is one
 * span and one record, numbered through the file; the trace itself is not a span.
 */
export function createLangfuseTraceExportReader(options: SpanReaderOptions = {}): FormatReader {
  return createJsonSpanReader(
    {
      id: "langfuse-trace-export",
      description: "Langfuse trace export ({trace, observations}, or a public-API trace with observations)",
      detect: detectLangfuse,
      readDocument: readLangfuse,
    },
    options,
  );
}

/** The Langfuse export reader with default options (prompt/completion content dropped). */
export const langfuseTraceExportReader = createLangfuseTraceExportReader();

interface Export {
  trace: Record<string, unknown>;
  observations: unknown;
}

function exportOf(value: unknown): Export | null {
  if (!isRecord(value)) return null;
  if (isRecord(value.trace)) {
    return { trace: value.trace, observations: value.observations ?? value.trace.observations };
  }
  if ("id" in value && Array.isArray(value.observations) && ("projectId" in value || "timestamp" in value)) {
    return { trace: value, observations: value.observations };
  }
  return null;
}

function exportsOf(value: unknown): Export[] | null {
  if (!Array.isArray(value)) {
    const one = exportOf(value);
    return one === null ? null : [one];
  }
  const all = value.map(exportOf);
  return all.length > 0 && all[0] !== null ? all.filter((e): e is Export => e !== null) : null;
}

function detectLangfuse(sample: Sample): number {
  const value = sampleJson(sample);
  if (isRecord(value) && ("resourceSpans" in value || "data" in value)) return 0;
  const first = exportsOf(value)?.[0];
  if (first === undefined || !("id" in first.trace)) return 0;
  const obs = Array.isArray(first.observations) ? first.observations[0] : undefined;
  if (isRecord(obs)) return "parentObservationId" in obs || ("traceId" in obs && "type" in obs) ? 95 : 0;
  return "projectId" in first.trace ? 85 : 0;
}

async function readLangfuse(doc: JsonDocument, run: SpanReadRun): Promise<void> {
  const exports = exportsOf(doc.value);
  if (exports === null) {
    run.warn(null, "bad_record", 'expected a Langfuse trace export: {"trace": {...}, "observations": [...]}');
    return;
  }
  let record = 0;
  for (const { trace, observations } of exports) {
    if (!Array.isArray(observations)) {
      const why =
        isIncomplete(trace) || !doc.complete ? "the export is cut off before them" : "expected an array";
      run.warn(null, "bad_record", `trace ${shown(trace.id)} has no observations: ${why}`);
      continue;
    }
    const shared = langfuseTrace(trace);
    for (const obs of observations) {
      record += 1;
      await readObservation(run, obs, record, shared);
    }
  }
}

async function readObservation(run: SpanReadRun, obs: unknown, record: number, trace: LangfuseTrace) {
  const label = `observation #${record}`;
  if (!isRecord(obs))
    return run.reject(record, "bad_record", `${label}: expected an object, got ${shown(obs)}`);
  if (isIncomplete(obs))
    return run.reject(record, "truncated", `${label} is cut off by the end of the input`);
  const built = observationSpan(obs, trace);
  const name = `${label} (id ${shown(obs.id)})`;
  if ("error" in built) return run.reject(record, "bad_value", `${name}: ${built.error}`);
  for (const p of built.problems) run.warn(record, "bad_value", `${name}: ${p}`);
  await run.accept(built.draft);
}
