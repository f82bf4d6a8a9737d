import { parseJsonLenient } from "./json-lenient.js";
import type { ReadInput, RecordSink, Sample } from "./reader.js";

/**
 * Whole-document JSON inputs (Jaeger downloads, Langfuse exports, test snapshots) are parsed
 * in one piece; above this size the file is refused with an issue rather than exhausting memory.
 */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;

export interface JsonDocument {
  value: unknown;
  /** False when the text was damaged: containers may be cut off (see `isIncomplete`). */
  complete: boolean;
}

/** A plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads a whole input as one JSON document. Never throws: an empty file, a gzip that ends
 * early or broken JSON become issues, and whatever could be read before the damage is returned.
 * Returns null when nothing usable is left.
 */
export async function readJsonDocument(input: ReadInput, sink: RecordSink): Promise<JsonDocument | null> {
  const { file } = input;
  const read = await readAllText(input);
  if (read.tooLarge) {
    sink.issue({
      file,
      line: null,
      code: "unreadable",
      message: `a whole-document JSON input is limited to ${MAX_JSON_BYTES / 1024 / 1024} MiB; split the export`,
    });
    return null;
  }
  if (read.streamError !== null) {
    sink.issue({
      file,
      line: null,
      code: "truncated",
      message: `the input ends early (${read.streamError}); reading what came before`,
    });
  }
  if (read.text.trim() === "") {
    if (read.streamError === null) {
      sink.issue({ file, line: null, code: "empty", message: "the file is empty; expected a JSON document" });
    }
    return null;
  }
  try {
    return { value: JSON.parse(read.text), complete: read.streamError === null };
  } catch {
    return salvage(file, read.text, sink, read.streamError === null);
  }
}

function salvage(file: string, text: string, sink: RecordSink, report: boolean): JsonDocument | null {
  const { value, problem } = parseJsonLenient(text);
  if (problem !== null && (report || value === undefined)) {
    const what = problem.atEnd ? "the JSON text ends early" : `broken JSON (${problem.message})`;
    sink.issue({
      file,
      line: problem.line,
      code: problem.atEnd ? "truncated" : "bad_json",
      message:
        value === undefined
          ? `${what} at line ${problem.line}; expected a JSON document`
          : `${what} at line ${problem.line}; the records before it are read, the one it cuts is skipped`,
    });
  }
  return value === undefined ? null : { value, complete: false };
}

async function readAllText(
  input: ReadInput,
): Promise<{ text: string; streamError: string | null; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let streamError: string | null = null;
  const stream = input.stream();
  try {
    for await (const chunk of stream) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > MAX_JSON_BYTES) {
        stream.destroy();
        return { text: "", streamError: null, tooLarge: true };
      }
      chunks.push(buf);
    }
  } catch (err) {
    streamError = err instanceof Error ? err.message : String(err);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, streamError, tooLarge: false };
}

const sampleCache = new WeakMap<Sample, { value: unknown }>();

/**
 * The sample parsed as JSON, as far as it goes (samples are cut at 64 KiB, so containers may
 * be incomplete). Undefined when the sample does not start like a JSON object or array.
 * Cached per sample, since every reader's `detect` asks.
 */
export function sampleJson(sample: Sample): unknown {
  const cached = sampleCache.get(sample);
  if (cached !== undefined) return cached.value;
  const text = sample.text.trimStart();
  let value: unknown;
  if (text.startsWith("{") || text.startsWith("[")) {
    try {
      value = JSON.parse(text);
    } catch {
      value = parseJsonLenient(text).value;
    }
  }
  sampleCache.set(sample, { value });
  return value;
}

/**
 * True when the sample is JSON Lines: its first line is a whole JSON object on its own and
 * the next non-empty line starts another one (a pretty-printed document fails the first test).
 */
export function looksLikeJsonLines(sample: Sample): boolean {
  const lines = sample.text.split("\n").map((l) => l.trim());
  const [firstLine, ...rest] = lines;
  if (firstLine === undefined || !firstLine.startsWith("{")) return false;
  try {
    JSON.parse(firstLine);
  } catch {
    return false;
  }
  return rest.find((l) => l !== "")?.startsWith("{") ?? false;
}
