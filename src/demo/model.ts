import type { FailureModeId } from "../analyses/modeIds.js";
import type { CallStatus } from "../record/call.js";
import type { IdentityLayer } from "../record/identity.js";
import type { KeyDef, ServiceDef, TeamId } from "./catalog.js";
import type { ModelId, Provider, Usage } from "./prices.js";

/** The demo plants exactly the product's failure modes, so it imports their ids. */
export { FAILURE_MODES, type FailureModeId } from "../analyses/modeIds.js";

/** An OTLP attribute value: numbers are ints, `{ double }` a double, arrays are string arrays. */
export type AttrValue = string | number | boolean | { double: number } | readonly string[];
export type Attrs = Record<string, AttrValue>;

/** OTLP SpanKind numbers. */
export const KIND = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;
export type SpanKind = (typeof KIND)[keyof typeof KIND];

export interface DemoEvent {
  name: string;
  timeUs: number;
  attributes: Attrs;
}

/** One span before OTLP encoding. Times are microseconds since the epoch. */
export interface DemoSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  service: ServiceDef;
  name: string;
  kind: SpanKind;
  startUs: number;
  endUs: number;
  /** Nanosecond digits below the microsecond, so timestamps look like a real clock's. */
  nanos: number;
  attributes: Attrs;
  status: { code: 0 | 1 | 2; message?: string };
  events: DemoEvent[];
  /** Resource service.version (ai-gateway changes version mid-period). */
  version: string;
  /** Scope override for app-level spans (server, job spans). */
  scope?: { name: string; version: string };
  /** Span links (a queue consumer linking to its producer). */
  links?: { traceId: string; spanId: string }[];
}

/** Identity values a span or row carries (absent key = not carried). */
export interface Identity {
  tenant?: string;
  team?: string;
  workflow?: string;
  project?: string;
  feature?: string;
}

/** What the LiteLLM proxy recorded for one call: one LiteLLM_SpendLogs row. */
export interface DemoRow {
  requestId: string;
  key: KeyDef;
  modelGroup: ModelId;
  endUser: string | null;
  spendLogsMetadata: Record<string, string> | null;
  status: "success" | "failure";
  errorClass: string | null;
  sessionId: string;
  requesterIp: string;
  startUs: number;
  endUs: number;
  completionStartUs: number | null;
  cacheKey: string;
  gatewaySpendPico: bigint;
}

/** The ground truth of one LLM call (one request attempt), as the generator planted it. */
export interface DemoCall {
  seq: number;
  service: string;
  team: TeamId;
  project: string;
  feature: string;
  workflow: string;
  tenant: string | null;
  traceId: string | null;
  callSpanId: string | null;
  requestModel: ModelId;
  servedModel: ModelId;
  responseModel: string;
  provider: Provider;
  /** What the provider billed; null when it returned no usage (rate limited before any work). */
  usage: Usage | null;
  status: CallStatus;
  stream: boolean;
  startUs: number;
  endUs: number;
  responseId: string | null;
  row: DemoRow | null;
  chain: { id: number; attempt: number } | null;
  /** Layers this call's row lost, each with the failure mode planted for it. */
  lost: Partial<Record<IdentityLayer, FailureModeId>>;
  /** Whether other evidence (spans, ancestors, key table) still carries each lost layer. */
  recoverable: Partial<Record<IdentityLayer, boolean>>;
  cacheHit: boolean;
  substituted: boolean;
}

/** Everything the generator produced, before encoding. */
export interface DemoWorkload {
  seed: number;
  scale: number;
  spans: DemoSpan[];
  calls: DemoCall[];
}
