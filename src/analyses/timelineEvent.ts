import { IDENTITY_LAYERS } from "../record/identity.js";
import { isSubstitution } from "./modelFamily.js";
import type { StepIdentity, TimelineEvent, TimelineMark, TimelineSource } from "./timelineModel.js";

/** One row of `timelineSql`. */
export interface EventRow {
  source: TimelineSource;
  at_text: string;
  at_us: number;
  duration_ms: number | null;
  service: string;
  operation: string;
  status: string;
  span_id: string;
  parent_span_id: string;
  span_kind: string;
  ids: string[];
  call_status: string;
  request_model: string;
  response_model: string;
  input_tokens: number | null;
  cache_read_tokens: number | null;
  output_tokens: number | null;
  response_id: string;
  key_label: string;
  spend: number | null;
  message_id: string;
  linked_traces: string[];
  id_problem: string;
  ref: string;
}

const FAILED = new Set([
  "rate_limited",
  "timeout",
  "provider_error",
  "validation_error",
  "client_cancelled",
  "error",
]);
const ERROR_LEVELS = new Set(["error", "fatal"]);

function isError(r: EventRow): boolean {
  if (FAILED.has(r.call_status)) return true;
  if (r.source === "span") return r.status === "Error" || r.status === "STATUS_CODE_ERROR";
  if (r.source === "log") return ERROR_LEVELS.has(r.span_kind) || /^5\d\d$/.test(r.status);
  return false;
}

function marksOf(r: EventRow): TimelineMark[] {
  const marks: TimelineMark[] = [];
  if (isError(r)) marks.push("error");
  if (
    r.request_model !== "" &&
    r.response_model !== "" &&
    isSubstitution(r.request_model, r.response_model)
  ) {
    marks.push("substitution");
  }
  if (r.call_status === "cache_hit") marks.push("cache_hit");
  else if ((r.cache_read_tokens ?? 0) > 0) marks.push("prompt_cache");
  if (r.linked_traces.length > 0) marks.push("new_trace");
  if (r.id_problem !== "") marks.push("bad_trace_id");
  return marks;
}

const n = (v: number | null) => (v === null ? "?" : String(v));

function callDetail(r: EventRow): string[] {
  if (r.request_model === "" && r.response_model === "") return [];
  const served =
    r.response_model !== "" && r.response_model !== r.request_model ? ` -> ${r.response_model}` : "";
  const cached = (r.cache_read_tokens ?? 0) > 0 ? ` (${r.cache_read_tokens} cached)` : "";
  const tokens =
    r.input_tokens === null && r.output_tokens === null
      ? "no usage"
      : `${n(r.input_tokens)} in${cached} / ${n(r.output_tokens)} out`;
  return [`${r.request_model || "?"}${served}`, tokens];
}

function detailOf(r: EventRow): string {
  const parts = callDetail(r);
  if (r.key_label !== "") parts.push(`key ${r.key_label}`);
  if (r.spend !== null) parts.push(`reported $${r.spend}`);
  if (r.source === "gateway" && r.ref !== "") parts.push(`request ${r.ref}`);
  else if (r.response_id !== "") parts.push(`response ${r.response_id}`);
  if (r.message_id !== "") parts.push(`message ${r.message_id}`);
  if (r.linked_traces.length > 0) parts.push(`links ${r.linked_traces.join(", ")}`);
  if (r.source === "capture") parts.push(r.status === "" ? "no response" : `HTTP ${r.status}`);
  if (r.source === "log" || r.source === "capture") parts.push(r.ref);
  if (r.id_problem !== "") parts.push(`${r.id_problem.replace("_", "-")} trace id`);
  return parts.join(", ");
}

function identityOf(ids: readonly string[]): StepIdentity {
  const out = {} as StepIdentity;
  IDENTITY_LAYERS.forEach((layer, i) => {
    const value = ids[i] ?? "";
    out[layer] = value === "" ? null : value;
  });
  return out;
}

function statusOf(r: EventRow): string {
  if (r.call_status !== "") return r.call_status;
  if (r.source === "span")
    return r.status === "Unset" || r.status === "STATUS_CODE_UNSET" ? "" : r.status.toLowerCase();
  if (r.source === "log") return r.status !== "" ? r.status : r.span_kind;
  return r.status;
}

/** One row of `timelineSql` as an event (depth and relations are set afterwards). */
export function toEvent(r: EventRow, startUs: number): TimelineEvent {
  const call = r.call_status !== "";
  return {
    at: r.at_text,
    offsetMs: (r.at_us - startUs) / 1e3,
    source: r.source,
    service: r.service,
    operation: r.operation,
    durationMs: r.duration_ms === null ? null : Math.round(r.duration_ms * 1e3) / 1e3,
    call,
    model: call && r.request_model !== "" ? r.request_model : null,
    status: statusOf(r),
    marks: marksOf(r),
    identity: identityOf(r.ids),
    spanId: r.span_id === "" ? null : r.span_id,
    parentSpanId: r.parent_span_id === "" ? null : r.parent_span_id,
    depth: 0,
    detail: detailOf(r),
    related: r.linked_traces.map((t) => ({ relation: "linked" as const, traceId: t, service: "" })),
  };
}
