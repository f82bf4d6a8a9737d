export type { CallSource, CallStatus, LlmCall, TokenBuckets } from "./call.js";
export { CALL_SOURCES, CALL_STATUSES } from "./call.js";
export type { GatewayKeyRow, GatewayRow, GatewayTeamRow } from "./gateway.js";
export type { Dimension, IdentityLayer } from "./identity.js";
export { DIMENSIONS, IDENTITY_LAYERS, isMissing, METADATA_PREFIXES, MISSING_VALUES } from "./identity.js";
export type { SpanKindName, SpanRow, StatusCodeName } from "./span.js";
export { SPAN_KIND_NAMES, STATUS_CODE_NAMES } from "./span.js";
