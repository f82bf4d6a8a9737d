import type { Params } from "./params.js";

/** What the status classification reads; each is an SQL expression. */
export interface StatusInputs {
  /** Bool: the gateway served the call from its cache. */
  cacheHit: string;
  /** Bool: the source marked the call as failed. */
  failed: string;
  /** Nullable(UInt16) HTTP status, when known. */
  http: string;
  /** String: error type, class and message joined, for pattern matching. */
  errorText: string;
}

/** Error-text patterns per status, tried in this order after the HTTP code. */
const PATTERNS = {
  client_cancelled: "(?i)cancel|abort|disconnect",
  rate_limited: "(?i)rate.?limit|too.?many.?requests|\\b429\\b|quota",
  timeout: "(?i)time.?out|timedout|deadline",
  validation_error:
    "(?i)bad.?request|not.?found|does not exist|invalid|validation|unprocessable|authenticat|permission|unauthori|forbidden|context.?(length|window)|content.?filter",
} as const;

/**
 * SQL mapping a call's evidence to one of CALL_STATUSES. HTTP codes decide first (429 rate
 * limit, 408/504 timeout, other 4xx validation, 5xx provider), then error-type patterns; a
 * failure nothing explains is a provider error.
 */
export function statusExpr(p: Params, s: StatusInputs): string {
  const http = `ifNull(${s.http}, 0)`;
  const text = s.errorText;
  return `multiIf(
    ${s.cacheHit}, 'cache_hit',
    NOT (${s.failed}), 'ok',
    match(${text}, ${p.str(PATTERNS.client_cancelled)}), 'client_cancelled',
    ${http} = 429 OR (${http} = 0 AND match(${text}, ${p.str(PATTERNS.rate_limited)})), 'rate_limited',
    ${http} IN (408, 504) OR (${http} = 0 AND match(${text}, ${p.str(PATTERNS.timeout)})), 'timeout',
    ${http} BETWEEN 400 AND 499 OR (${http} = 0 AND match(${text}, ${p.str(PATTERNS.validation_error)})), 'validation_error',
    'provider_error')`;
}

/** The leading three-digit HTTP code of a text (`404 The model ...`), or NULL. */
export function leadingHttpCode(text: string): string {
  return `toUInt16OrNull(extract(${text}, '^\\\\s*([1-5][0-9]{2})\\\\b'))`;
}
