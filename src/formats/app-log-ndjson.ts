import { EngineError, errorMessage } from "../errors.js";
import type { AppLogRow } from "../record/evidence.js";
import { appLogRow, isLogRecord, loggerOf, TRACE_ID_FIELDS } from "./app-log-record.js";
import { OverlappedWriter } from "./overlapped-writer.js";
import type { FormatReader, IssueCode, ReadCounts, ReadInput, RecordSink, Sample } from "./reader.js";

const FORMAT = "app-log-ndjson";
/** Rows handed to the sink at once: the reader holds at most two batches. */
const BATCH = 5_000;
/** Lines of the sample detection looks at. */
const SAMPLE_LINES = 20;

/**
 * Structured application logs, one JSON object per line: pino, bunyan, winston, structlog or
 * plain JSON, mixed freely in one file. Read line by line (bounded memory at any size). Message
 * text is never stored; lines of other shapes are skipped with an issue each.
 */
export const appLogNdjsonReader: FormatReader = {
  id: FORMAT,
  description: "App logs as NDJSON (pino, bunyan, winston, structlog, plain JSON) with trace ids",
  produces: "app_logs",
  detect,
  read,
};

function detect(sample: Sample): number {
  const records = sampleRecords(sample);
  const logs = records.filter(isLogRecord);
  if (logs.length === 0 || logs.length * 2 < records.length) return 0;
  const traced = logs.some((r) => TRACE_ID_FIELDS.some((k) => k in r || dotted(r, k)));
  if (!traced) return 30;
  return logs.some((r) => loggerOf(r) !== "json") ? 70 : 60;
}

/** `trace.id` may be a nested object (ECS) rather than a dotted key. */
function dotted(r: Record<string, unknown>, key: string): boolean {
  const [head, tail] = key.split(".");
  const inner = head === undefined ? undefined : r[head];
  return tail !== undefined && inner !== null && typeof inner === "object" && tail in inner;
}

function sampleRecords(sample: Sample): Record<string, unknown>[] {
  const lines = sample.text.split("\n");
  // The last line of a partial sample may be cut.
  if (!sample.complete) lines.pop();
  const out: Record<string, unknown>[] = [];
  for (const line of lines.slice(0, SAMPLE_LINES)) {
    const parsed = parseLine(line.trim());
    if (parsed.ok) out.push(parsed.record);
  }
  return out;
}

type Parsed = { ok: true; record: Record<string, unknown> } | { ok: false; code: IssueCode; message: string };

function parseLine(text: string): Parsed {
  if (!text.startsWith("{")) {
    return { ok: false, code: "bad_json", message: "not a JSON log line; expected one JSON object per line" };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, code: "bad_json", message: `not valid JSON (${errorMessage(err)})` };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, code: "bad_record", message: "expected a JSON object per line" };
  }
  return { ok: true, record: value as Record<string, unknown> };
}

async function read(input: ReadInput, sink: RecordSink): Promise<ReadCounts> {
  const counts: ReadCounts = { read: 0, skipped: 0 };
  const skip = (line: number, code: IssueCode, message: string): void => {
    counts.skipped += 1;
    sink.issue({ file: input.file, line, code, message });
  };
  let batch: AppLogRow[] = [];
  const writer = new OverlappedWriter<AppLogRow>((rows) => sink.appLogs(rows));
  try {
    for await (const { text, lineNo } of input.lines()) {
      const trimmed = text.trim();
      if (trimmed === "") continue;
      counts.read += 1;
      const parsed = parseLine(trimmed);
      if (!parsed.ok) skip(lineNo, parsed.code, parsed.message);
      else if (!isLogRecord(parsed.record)) skip(lineNo, "bad_record", NOT_A_LOG);
      else batch.push(appLogRow(parsed.record, input.file, lineNo));
      if (batch.length >= BATCH) {
        await writer.write(batch);
        batch = [];
      }
    }
  } catch (err) {
    if (err instanceof EngineError) throw err;
    const message = `the input ends early or cannot be read further (${errorMessage(err)}); the lines before it were kept`;
    sink.issue({ file: input.file, line: null, code: "truncated", message });
  }
  await writer.write(batch);
  await writer.done();
  return counts;
}

const NOT_A_LOG =
  "a JSON object without log fields; expected level/msg/message/time/timestamp/event and a trace id field";
