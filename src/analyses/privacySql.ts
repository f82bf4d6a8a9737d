import { type Sql, sql } from "../engine/sql.js";
import { MISSING_VALUES } from "../record/identity.js";

/**
 * The privacy scan in SQL. Values are matched inside the engine and only (source, kind, key,
 * service, count, example trace ids) ever leave it: no SELECT here returns a value.
 */

/** Personal data kinds the scan reports. Ids are stable. */
export const PII_KINDS = ["email", "phone", "card_number", "raw_user_id"] as const;
export type PiiKind = (typeof PII_KINDS)[number];

const EMAIL = String.raw`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`;
// E.164-ish (`+` and 8-15 digits, separators allowed) or a North American number with separators.
const PHONE = String.raw`(^|[^\w+])\+[1-9]([ .()-]{0,2}\d){7,14}($|\D)|(^|\D)(\(\d{3}\) ?|\d{3}[.-])\d{3}[.-]\d{4}($|\D)`;
// Card-like: 13-19 digits (single spaces or dashes between), first digit 2-6 (card networks;
// epoch timestamps in ms or ns start with 1).
const CARD = String.raw`\b[2-6](?:[ -]?\d){12,18}\b`;
/** Keys that should carry a hashed user id: `user.id`, `enduser.id`, `user_id`, `userId`, `x-user-id`... */
const USER_KEY = String.raw`(^|\.)(x-)?(end[_-]?)?user([._-]?id)?$`;
const HASH_LIKE = "^(sha(1|256|512)[:=_-]?|h[:_])?[0-9a-f]{16,128}$";

const str = (text: string) => `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;

/** Luhn check of the digits of `candidate` (our own expression). */
function luhnSql(candidate: string): string {
  const digits = `arrayReverse(arrayMap(ch -> toUInt8(ch), splitByString('', replaceRegexpAll(${candidate}, '[^0-9]', ''))))`;
  return `(arraySum(arrayMap((d, i) -> if(i % 2 = 0, if(d * 2 > 9, d * 2 - 9, d * 2), d), ${digits}, arrayEnumerate(${digits}))) % 10 = 0)`;
}

/** True when the text holds a card-like number that passes the Luhn check. */
export function cardSql(text: string): string {
  return `arrayExists(c -> ${luhnSql("c")}, extractAll(${text}, ${str(CARD)}))`;
}

/** True when `key` names a user id field. */
export function userKeySql(key: string): string {
  return `match(lower(${key}), ${str(USER_KEY)})`;
}

/** A raw (unhashed) user id: a user id key whose value is present and not hash-like. */
function rawUserIdSql(key: string, value: string): string {
  const v = `lower(trimBoth(${value}))`;
  return `(${userKeySql(key)} AND NOT has({pv_missing:Array(String)}, ${v}) AND NOT match(${v}, ${str(HASH_LIKE)}))`;
}

/** Kinds found in one value: personal data shapes first; a raw user id only when nothing else matched. */
function valueKindsSql(key: string, value: string): string {
  const v = `substring(${value}, 1, 4096)`;
  const shapes = `arrayFilter(x -> x != '', [if(match(${v}, ${str(EMAIL)}), 'email', ''),
      if(match(${v}, ${str(PHONE)}), 'phone', ''), if(${cardSql(v)}, 'card_number', '')])`;
  return `if(empty(${shapes}), if(${rawUserIdSql(key, v)}, ['raw_user_id'], []), ${shapes})`;
}

const PARAMS = { pv_missing: [...MISSING_VALUES] };

const GROUPED = (source: string, examples: number) => `SELECT '${source}' AS source, kind, key, service,
  count() AS count,
  arraySlice(arrayDistinct(groupArraySortedIf(50)(trace_id, trace_id != '')), 1, ${examples}) AS example_trace_ids`;

/** Span attributes carrying personal data, per (kind, key, service). */
export function spanPiiSql(examples: number): Sql {
  return sql(
    `${GROUPED("span", examples)}
FROM (
  SELECT ServiceName AS service, TraceId AS trace_id, kv.1 AS key, arrayJoin(${valueKindsSql("kv.1", "kv.2")}) AS kind
  FROM otel_traces ARRAY JOIN arrayZip(mapKeys(SpanAttributes), mapValues(SpanAttributes)) AS kv)
GROUP BY kind, key, service`,
    PARAMS,
  );
}

const LOG_SERVICE =
  "if(service != '', toString(service), replaceRegexpOne(toString(source_file), '^.*/', ''))";

/**
 * Log fields carrying personal data: the kind the reader recorded for the field (it keeps no
 * value), and identity fields holding a raw user id.
 */
export function logPiiSql(examples: number): Sql {
  return sql(
    `${GROUPED("log", examples)}
FROM (
  SELECT ${LOG_SERVICE} AS service, trace_id, kv.1 AS key, toString(kv.2) AS kind
  FROM app_logs ARRAY JOIN arrayZip(mapKeys(field_kinds), mapValues(field_kinds)) AS kv
  WHERE kind IN ('email', 'phone', 'card_number')
  UNION ALL
  SELECT ${LOG_SERVICE} AS service, trace_id, kv.1 AS key, 'raw_user_id' AS kind
  FROM app_logs ARRAY JOIN arrayZip(mapKeys(identity), mapValues(identity)) AS kv
  WHERE ${rawUserIdSql("kv.1", "kv.2")})
GROUP BY kind, key, service`,
    PARAMS,
  );
}

/** Captured request metadata and identity headers holding a raw user id (`metadata.<key>`, `header.<name>`), per host. */
export function capturePiiSql(examples: number): Sql {
  return sql(
    `${GROUPED("capture", examples)}
FROM (
  SELECT toString(host) AS service, trace_id, concat(kv.1, '.', kv.2) AS key, 'raw_user_id' AS kind
  FROM captures ARRAY JOIN arrayConcat(arrayMap((k, v) -> ('metadata', k, v), mapKeys(metadata), mapValues(metadata)),
    arrayMap((k, v) -> ('header', k, v), mapKeys(headers), mapValues(headers))) AS kv
  WHERE ${rawUserIdSql("kv.2", "kv.3")})
GROUP BY kind, key, service`,
    PARAMS,
  );
}
