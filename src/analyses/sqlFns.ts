/**
 * Small SQL expressions shared by the analyses. They take our own column expressions
 * (never input) and return SQL text.
 */

/** Model family: lower-cased, provider prefix and dated-snapshot suffix removed (`openai/gpt-4o-2024-08-06` -> `gpt-4o`). */
export function familySql(model: string): string {
  return String.raw`replaceRegexpOne(replaceRegexpOne(lower(trimBoth(coalesce(${model}, ''))), '^.*/', ''), '(-\d{4}-\d{2}-\d{2}|-\d{8}|-\d{4}|-latest|@.*)$', '')`;
}

/** Non-empty model families of a call's request and response models. */
export function familiesSql(requestModel: string, responseModel: string): string {
  return `arrayDistinct(arrayFilter(f -> f != '', [${familySql(responseModel)}, ${familySql(requestModel)}]))`;
}

/** A W3C trace id (32 hex) from a bare id or a `traceparent` value; '' when neither. */
export function traceIdSql(value: string): string {
  const v = `lower(trimBoth(coalesce(${value}, '')))`;
  const id = `if(match(${v}, '^[0-9a-f]{2}-[0-9a-f]{32}-'), substring(${v}, 4, 32), ${v})`;
  return `if(match(${id}, '^[0-9a-f]{32}$') AND ${id} != repeat('0', 32), ${id}, '')`;
}

/** Nanoseconds since the epoch of a DateTime64 column. */
export function nsSql(column: string): string {
  return `toInt64(toUnixTimestamp64Nano(${column}))`;
}
