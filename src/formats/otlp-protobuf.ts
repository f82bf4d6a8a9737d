import { tracesToJson } from "./otlp-proto.js";
import type { FormatReader, OtlpDocument, ReadCounts, ReadInput, RecordSink, Sample } from "./reader.js";
import { readWholeInput } from "./whole-input.js";

/** Decoded documents handed to the sink at a time, by JSON text size. */
const BATCH_CHARS = 32 * 1024 * 1024;

/**
 * Binary OTLP traces: one ExportTraceServiceRequest / TracesData message (an OTLP/HTTP
 * `application/x-protobuf` body saved to a file), or the Collector `file` exporter's `proto`
 * format (each message preceded by a 4-byte big-endian length). Messages are decoded to
 * OTLP/JSON and mapped by the same SQL as JSON input.
 */
export const otlpProtobufReader: FormatReader = {
  id: "otlp-protobuf",
  description: "OTLP protobuf (ExportTraceServiceRequest body, or Collector file exporter proto format)",
  produces: "spans",
  detect: detectOtlpProtobuf,
  read: readOtlpProtobuf,
};

function detectOtlpProtobuf(sample: Sample): number {
  const head = sample.head;
  if (!looksBinary(head)) return 0;
  if (startsResourceSpans(head, 0, sample.complete)) return 90;
  const length = head.length >= 4 ? Buffer.from(head.buffer, head.byteOffset, 4).readUInt32BE(0) : 0;
  if (length > 0 && startsResourceSpans(head, 4, sample.complete)) return 88;
  return 0;
}

/** Protobuf field tags and lengths are control bytes; text (JSON, CSV) has none but tab/CR/LF. */
function looksBinary(head: Uint8Array): boolean {
  return head.some((b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
}

/** Field 1 (resource_spans, length-delimited) whose body starts with a ResourceSpans field. */
function startsResourceSpans(bytes: Uint8Array, at: number, complete: boolean): boolean {
  if (bytes[at] !== 0x0a) return false;
  const varint = readVarint(bytes, at + 1);
  if (varint === null) return false;
  const body = at + 1 + varint.size;
  if (complete && body + varint.value > bytes.length) return false;
  const first = bytes[body];
  return varint.value === 0 || first === undefined || first === 0x0a || first === 0x12 || first === 0x1a;
}

function readVarint(bytes: Uint8Array, at: number): { value: number; size: number } | null {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const b = bytes[at + i];
    if (b === undefined) return null;
    value += (b & 0x7f) * 2 ** (7 * i);
    if (b < 0x80) return { value, size: i + 1 };
  }
  return null;
}

interface DecodeRun {
  input: ReadInput;
  sink: RecordSink;
  documents: OtlpDocument[];
  chars: number;
  counts: ReadCounts;
}

async function readOtlpProtobuf(input: ReadInput, sink: RecordSink): Promise<ReadCounts> {
  const { bytes, error } = await readWholeInput(input);
  const run: DecodeRun = { input, sink, documents: [], chars: 0, counts: { read: 0, skipped: 0 } };
  if (error !== null)
    issue(run, null, "truncated", `the input ends early (${error}); reading what came before`);
  if (bytes.length === 0) {
    if (error === null) issue(run, null, "empty", "the file is empty; expected OTLP protobuf");
    return run.counts;
  }
  const whole = bytes[0] === 0x0a ? decodeOne(bytes) : null;
  if (whole !== null) await add(run, 1, whole);
  else await readFramed(run, bytes);
  await flush(run);
  return run.counts;
}

/** Length-prefixed messages; a length past the end means the file was cut there. */
async function readFramed(run: DecodeRun, bytes: Buffer): Promise<void> {
  let offset = 0;
  for (let record = 1; offset < bytes.length; record++) {
    const length = offset + 4 <= bytes.length ? bytes.readUInt32BE(offset) : -1;
    if (length < 0 || offset + 4 + length > bytes.length) {
      const what = record === 1 ? "not an OTLP protobuf message, nor length-prefixed ones" : "cut short";
      skip(run, record, record === 1 ? "bad_protobuf" : "truncated", `record ${record} is ${what}`);
      return;
    }
    const json = decodeOne(bytes.subarray(offset + 4, offset + 4 + length));
    if (json === null)
      skip(run, record, "bad_protobuf", `record ${record} is not an OTLP TracesData message`);
    else await add(run, record, json);
    offset += 4 + length;
  }
}

function decodeOne(bytes: Uint8Array): string | null {
  try {
    return tracesToJson(bytes);
  } catch {
    return null;
  }
}

async function add(run: DecodeRun, record: number, text: string): Promise<void> {
  run.documents.push({ line: record, text });
  run.chars += text.length;
  if (run.chars >= BATCH_CHARS) await flush(run);
}

async function flush(run: DecodeRun): Promise<void> {
  if (run.documents.length === 0) return;
  const counts = await run.sink.otlpJson({ documents: run.documents.splice(0) });
  run.chars = 0;
  run.counts.read += counts.read;
  run.counts.skipped += counts.skipped;
}

function skip(run: DecodeRun, record: number, code: "bad_protobuf" | "truncated", message: string): void {
  run.counts.read += 1;
  run.counts.skipped += 1;
  issue(run, record, code, message);
}

function issue(
  run: DecodeRun,
  line: number | null,
  code: "bad_protobuf" | "truncated" | "empty",
  message: string,
): void {
  run.sink.issue({ file: run.input.file, line, code, message });
}
