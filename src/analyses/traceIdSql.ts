/**
 * Trace id shapes in SQL, for the integrity checks. The classes match `checkTraceId`
 * (src/formats/trace-id.ts) so spans and log lines are judged alike: `empty`, `truncated`
 * (shorter hex, or cut with an ellipsis), `wrong_length` (16 hex: a 64-bit id; or too long),
 * `not_hex`, `all_zeros`, and '' for a valid id. `non_canonical` marks a valid id written
 * another way (upper case, UUID dashes): it joins once normalised, a text search misses it.
 */

/** The id lower-cased, without `0x` and dashes. `expr` is our own SQL text. */
export function traceHexSql(expr: string): string {
  return `replaceAll(replaceRegexpOne(lower(trimBoth(${expr})), '^0x', ''), '-', '')`;
}

/** The problem class of a raw trace id ('' when valid, `non_canonical` when valid but not as stored). */
export function traceIdProblemSql(expr: string): string {
  const hex = traceHexSql(expr);
  return `multiIf(trimBoth(${expr}) = '', 'empty',
    match(${expr}, '(\\\\.\\\\.\\\\.|\u2026)\\\\s*$'), 'truncated',
    NOT match(${hex}, '^[0-9a-f]+$'), 'not_hex',
    match(${hex}, '^0+$'), 'all_zeros',
    length(${hex}) = 32, if(${expr} = ${hex}, '', 'non_canonical'),
    length(${hex}) = 16 OR length(${hex}) > 32, 'wrong_length',
    'truncated')`;
}

/** True for a stored (valid, canonical) trace id. */
export function validTraceIdSql(expr: string): string {
  return `(match(${expr}, '^[0-9a-f]{32}$') AND ${expr} != '00000000000000000000000000000000')`;
}

/**
 * The id text shown in an example: hex, dots and dashes only (a trace id field can hold
 * anything, and the report must not echo arbitrary text), else its length.
 */
export function safeIdTextSql(expr: string): string {
  return `if(match(${expr}, '^[0-9A-Fa-fx.\u2026-]{0,64}$'), ${expr}, concat('<', toString(lengthUTF8(${expr})), ' characters, not an id>'))`;
}
