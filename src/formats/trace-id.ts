import type { TraceIdProblem } from "../record/evidence.js";

/** A trace id as found, normalised: lowercase 32 hex, or '' with the reason it is not usable. */
export interface TraceIdCheck {
  traceId: string;
  problem: TraceIdProblem | "";
}

/** Trace and parent (span) id of a `traceparent` value, each checked. */
export interface TraceparentIds extends TraceIdCheck {
  spanId: string;
}

const HEX = /^[0-9a-f]+$/;
const ELLIPSIS = /(\.\.\.|\u2026)$/;

/**
 * Checks a trace id the way logs and headers write it: any case, UUID-style dashes, a `0x`
 * prefix or a whole `traceparent` are accepted. A 16-hex id is a 64-bit (or span) id, so
 * `wrong_length`; shorter hex, or text cut with an ellipsis, is `truncated` (see
 * TRACE_ID_PROBLEMS).
 */
export function checkTraceId(raw: string): TraceIdCheck {
  const text = raw.trim().toLowerCase();
  if (text === "") return fail("empty");
  const parent = splitTraceparent(text);
  if (parent !== null) return checkTraceId(parent.trace);
  if (ELLIPSIS.test(text)) return fail("truncated");
  const hex = text.replace(/^0x/, "").replaceAll("-", "");
  if (!HEX.test(hex)) return fail("not_hex");
  if (/^0+$/.test(hex)) return fail("all_zeros");
  if (hex.length === 32) return { traceId: hex, problem: "" };
  if (hex.length === 16 || hex.length > 32) return fail("wrong_length");
  return fail("truncated");
}

/** A span id: lowercase 16 hex (dashes and case tolerated), else ''. */
export function normaliseSpanId(raw: string): string {
  const hex = raw.trim().toLowerCase().replace(/^0x/, "").replaceAll("-", "");
  return hex.length === 16 && HEX.test(hex) && !/^0+$/.test(hex) ? hex : "";
}

/**
 * Ids of a W3C `traceparent` (`00-<trace>-<parent>-<flags>`). A value that is not a
 * traceparent is checked as a bare trace id (some loggers put the id alone under that key).
 */
export function parseTraceparent(raw: string): TraceparentIds {
  const parts = splitTraceparent(raw.trim().toLowerCase());
  if (parts === null) return { ...checkTraceId(raw), spanId: "" };
  return { ...checkTraceId(parts.trace), spanId: normaliseSpanId(parts.span) };
}

/** `vv-trace[-span[-flags]]` with a two-hex version; null for anything else. */
function splitTraceparent(text: string): { trace: string; span: string } | null {
  const parts = text.split("-");
  if (parts.length < 2 || parts.length > 4 || !/^[0-9a-f]{2}$/.test(parts[0] as string)) return null;
  // A UUID (8-4-4-4-12) never has a two-character first group, so it is not taken for one.
  return { trace: parts[1] as string, span: parts[2] ?? "" };
}

function fail(problem: TraceIdProblem): TraceIdCheck {
  return { traceId: "", problem };
}
