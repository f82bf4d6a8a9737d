import type { AppLogRow, Logger } from "../record/evidence.js";
import { flatten, kindOf } from "./field-kinds.js";
import { identityText } from "./identity-names.js";
import { timeOf } from "./records/time.js";
import { checkTraceId, normaliseSpanId, parseTraceparent } from "./trace-id.js";

/** Keys that make an object a log record (one of them is enough with a trace id field). */
export const LOG_KEYS = ["level", "msg", "message", "time", "timestamp", "@timestamp", "event", "severity"];

/** Trace id fields, in priority order (dotted paths: nested objects are flattened). */
export const TRACE_ID_FIELDS = [
  "trace_id",
  "traceId",
  "traceID",
  "TraceId",
  "trace.id",
  "otelTraceID",
  "logging.googleapis.com/trace",
  "traceparent",
];
const SPAN_ID_FIELDS = ["span_id", "spanId", "spanID", "SpanId", "span.id", "otelSpanID"];
const TIME_FIELDS = ["time", "timestamp", "@timestamp", "ts", "date"];
const LEVEL_FIELDS = ["level", "severity", "levelname", "log.level", "loglevel"];
const SERVICE_FIELDS = ["service", "service.name", "serviceName", "service_name", "otelServiceName"];
const STATUS_FIELDS = [
  "status",
  "status_code",
  "statusCode",
  "http.status_code",
  "http.response.status_code",
  "res.statusCode",
];
const LATENCY_MS_FIELDS = [
  "latency_ms",
  "duration_ms",
  "elapsed_ms",
  "responseTime",
  "response_time_ms",
  "latency",
  "duration",
];
const LATENCY_S_FIELDS = ["latency_s", "duration_s", "elapsed_s", "duration_seconds", "latency_seconds"];
const EVENT_FIELDS = ["event", "event.name", "event_name", "eventName"];

/** Pino's numeric levels (bunyan uses the same numbers). */
const NUMERIC_LEVELS: ReadonlyMap<number, string> = new Map([
  [10, "trace"],
  [20, "debug"],
  [30, "info"],
  [40, "warn"],
  [50, "error"],
  [60, "fatal"],
]);
const LEVEL_ALIASES: Readonly<Record<string, string>> = {
  warning: "warn",
  err: "error",
  critical: "fatal",
  crit: "fatal",
  emerg: "fatal",
  alert: "fatal",
  panic: "fatal",
  information: "info",
  notice: "info",
  verbose: "debug",
  silly: "trace",
  exception: "error",
};
/** Keys whose value lands in a column (or is the logger's own envelope): not listed as other fields. */
const ENVELOPE = new Set(["v", "pid", "hostname", "name"]);
const EVENT_NAME = /^[A-Za-z_][\w.:/-]{0,80}$/;

/** Which logger wrote a record, from its envelope keys. */
export function loggerOf(r: Record<string, unknown>): Logger {
  if (typeof r.v === "number" && "hostname" in r && typeof r.level === "number") return "bunyan";
  if (typeof r.level === "number" && typeof r.time === "number") return "pino";
  if (typeof r.event === "string" && ("timestamp" in r || "level" in r || "logger" in r)) return "structlog";
  if (typeof r.level === "string" && "message" in r) return "winston";
  return "json";
}

/** True when an object looks like a log record rather than some other JSON. */
export function isLogRecord(r: Record<string, unknown>): boolean {
  const hasLogKey = LOG_KEYS.some((k) => k in r);
  return hasLogKey && (LOG_KEYS.filter((k) => k in r).length >= 2 || TRACE_ID_FIELDS.some((k) => k in r));
}

/** One log record as an `app_logs` row (message text dropped, other fields as kinds). */
export function appLogRow(r: Record<string, unknown>, file: string, line: number): AppLogRow {
  const logger = loggerOf(r);
  const leaves = flatten(r);
  const used = new Set<string>();
  const take = (keys: readonly string[]): [string, unknown] | null => {
    for (const key of keys) {
      const value = leaves.get(key);
      if (value !== undefined && value !== null && value !== "") {
        used.add(key);
        return [key, value];
      }
    }
    return null;
  };
  const trace = traceOf(take(TRACE_ID_FIELDS));
  const span = take(SPAN_ID_FIELDS);
  const named = logger === "pino" || logger === "bunyan" ? take(["name"]) : null;
  const service = take(SERVICE_FIELDS) ?? named;
  const event = take(EVENT_FIELDS);
  const eventName = typeof event?.[1] === "string" && EVENT_NAME.test(event[1]) ? event[1] : "";
  // Free text under `event` is a message: only its kind is kept, like `msg`.
  if (event !== null && eventName === "") used.delete(event[0]);
  return {
    source_file: file,
    line,
    logger,
    timestamp: timestampOf(take(TIME_FIELDS)?.[1]),
    trace_id_raw: trace.raw,
    trace_id_field: trace.field,
    trace_id: trace.traceId,
    trace_id_problem: trace.problem,
    span_id: span === null ? trace.spanId : normaliseSpanId(String(span[1])),
    service: service === null ? "" : String(service[1]),
    level: levelOf(take(LEVEL_FIELDS)?.[1]),
    status: statusOf(take(STATUS_FIELDS)?.[1]),
    latency_ms: latencyOf(take(LATENCY_MS_FIELDS), take(LATENCY_S_FIELDS)),
    event_name: eventName,
    ...restOf(leaves, used),
  };
}

function traceOf(hit: [string, unknown] | null) {
  if (hit === null) return { raw: "", field: "", traceId: "", problem: "empty" as const, spanId: "" };
  const [field, value] = hit;
  const raw = typeof value === "string" ? value : JSON.stringify(value);
  const ids =
    field === "traceparent" ? parseTraceparent(raw) : { ...checkTraceId(gcpTrace(raw)), spanId: "" };
  return { raw, field, ...ids };
}

/** Cloud Logging writes `projects/<p>/traces/<id>`. */
function gcpTrace(raw: string): string {
  const at = raw.lastIndexOf("/traces/");
  return at < 0 ? raw : raw.slice(at + "/traces/".length);
}

/** `...T12:34:56[.fff]Z`: the common log time, converted without a Date. */
const ISO_UTC = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/;
let lastSecond = Number.NaN;
let lastBase = "";

/** Log times arrive in order: the formatted second is reused while it does not change. */
function timestampOf(value: unknown): string | null {
  if (typeof value === "string") {
    const m = ISO_UTC.exec(value);
    if (m !== null) return `${m[1]} ${m[2]}.${(m[3] ?? "").slice(0, 6).padEnd(6, "0")}`;
  } else if (typeof value === "number" && value >= 1e11 && value < 1e14 && Number.isInteger(value)) {
    const second = Math.floor(value / 1000);
    if (second !== lastSecond) {
      const base = timeOf(second);
      if (!base.ok || base.value === null) return null;
      lastSecond = second;
      lastBase = base.value.slice(0, 19);
    }
    return `${lastBase}.${String((value % 1000) * 1000).padStart(6, "0")}`;
  }
  const time = timeOf(value);
  return time.ok ? time.value : null;
}

function levelOf(value: unknown): string {
  if (typeof value === "number") return NUMERIC_LEVELS.get(value) ?? String(value);
  if (typeof value !== "string") return "";
  const level = value.trim().toLowerCase();
  return LEVEL_ALIASES[level] ?? level;
}

function statusOf(value: unknown): string {
  return typeof value === "string" || typeof value === "number" ? String(value) : "";
}

function latencyOf(ms: [string, unknown] | null, seconds: [string, unknown] | null): number | null {
  const n = (hit: [string, unknown] | null): number | null => {
    const value = typeof hit?.[1] === "string" ? Number(hit[1]) : hit?.[1];
    return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : null;
  };
  const s = n(seconds);
  return n(ms) ?? (s === null ? null : s * 1000);
}

/** Identity fields keep their value; every other field only its key and value kind. */
function restOf(leaves: Map<string, unknown>, used: Set<string>) {
  const identity: Record<string, string> = {};
  const field_kinds: Record<string, string> = {};
  for (const [key, value] of leaves) {
    if (used.has(key) || ENVELOPE.has(key)) continue;
    const text = identityText(key, value);
    if (text !== null) identity[key] = text;
    else field_kinds[key] = kindOf(value);
  }
  return { identity, field_kinds };
}
