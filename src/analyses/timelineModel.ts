import type { IdentityLayer } from "../record/identity.js";
import type { Relation } from "./timelineRelations.js";

/**
 * The timeline model (`spendtrail trace <trace_id>`): one request's story, every span, log
 * line, gateway row and captured call of a trace in time order, with what went wrong at each
 * step and which identity was present there.
 */

export const TIMELINE_SOURCES = ["span", "log", "gateway", "capture"] as const;
export type TimelineSource = (typeof TIMELINE_SOURCES)[number];

/**
 * What an event is marked with. `error`: failed status (span error, failed call, 5xx, error
 * log); `retry`: attempt 2+ after a 429/5xx/timeout (in this trace, or `retry_of` another);
 * `substitution`: a model other than the one requested was served (a fallback);
 * `cache_hit`: answered from the gateway cache; `prompt_cache`: cached input tokens read;
 * `new_trace`: the request continues from or into another trace (queue message, retry);
 * `bad_trace_id`: a log line found by a truncated or re-formatted trace id.
 */
export const TIMELINE_MARKS = [
  "error",
  "retry",
  "substitution",
  "cache_hit",
  "prompt_cache",
  "new_trace",
  "bad_trace_id",
] as const;
export type TimelineMark = (typeof TIMELINE_MARKS)[number];

/** tenant / team / workload at one step; null where the step does not carry it. */
export type StepIdentity = Record<IdentityLayer, string | null>;

export interface TimelineEvent {
  /** `YYYY-MM-DD hh:mm:ss.fffffffff` UTC. */
  at: string;
  /** Milliseconds after the first event. */
  offsetMs: number;
  source: TimelineSource;
  service: string;
  /** Span name, `ledger row`, log event name, or `METHOD /path`. */
  operation: string;
  durationMs: number | null;
  /** True for an LLM call: an LLM span, a gateway row, a captured API call. */
  call: boolean;
  /** Requested model of a call (else null). */
  model: string | null;
  /** Call status for LLM calls, else the span status / log status / HTTP status. */
  status: string;
  marks: TimelineMark[];
  identity: StepIdentity;
  spanId: string | null;
  parentSpanId: string | null;
  /** Nesting under the trace's root span (0 for roots and non-span events). */
  depth: number;
  /** Model, tokens, key, ids: what the step says, never attribute or log values. */
  detail: string;
  /** Other traces this step continues from or into. */
  related: { relation: Relation; traceId: string; service: string }[];
}

/** Where a layer went missing: the last step that had it, the first after it that did not. */
export interface IdentityLoss {
  layer: IdentityLayer;
  lastWith: string;
  firstWithout: string;
}

export interface Timeline {
  traceId: string;
  /** False when nothing of the trace is stored. */
  found: boolean;
  start: string | null;
  durationMs: number | null;
  services: string[];
  counts: Record<TimelineSource, number>;
  marks: Partial<Record<TimelineMark, number>>;
  losses: IdentityLoss[];
  events: TimelineEvent[];
}
