import { MISSING_VALUES } from "../record/identity.js";
import type { AttrRef } from "../record/semconv.js";
import type { Params } from "./params.js";

/**
 * SQL that reads the first value a span states among `refs` (priority order) from a
 * `Map(String, String)` expression; NULL when nothing is stated. Values that say nothing
 * ('', `null`, `unknown`, ...) count as absent.
 *
 * The map's own entries are scanned once and each key is ranked with `transform` over the
 * bound key list (a hash lookup). Looking keys up one by one (`arrayMap(k -> map[k], keys)`)
 * would copy the whole map into the lambda for every key, which costs minutes on 100k spans.
 * A JSON field becomes `JSON_VALUE(map[key], path)` at its own rank.
 */
export function firstString(p: Params, map: string, refs: readonly AttrRef[]): string {
  const plain: string[] = [];
  const ranks: number[] = [];
  const json: string[] = [];
  refs.forEach((ref, i) => {
    if (ref.path === undefined) {
      plain.push(ref.key);
      ranks.push(i + 1);
    } else {
      json.push(`(toUInt32(${i + 1}), JSON_VALUE(${map}[${p.str(ref.key)}], ${p.str(jsonPath(ref.path))}))`);
    }
  });
  const scan = mapScan(p, map, plain, ranks, "v");
  const all = json.length === 0 ? scan : `arrayConcat(${scan}, [${json.join(", ")}])`;
  return `nullIf(${pickFirst(p, all)}.2, '')`;
}

/**
 * Array of (rank, value) for the entries of `map` whose key is in `keys` (rank from `ranks`,
 * 0 for other keys). `value` is an SQL expression over the entry's `k` and `v`.
 */
export function mapScan(
  p: Params,
  map: string,
  keys: readonly string[],
  ranks: readonly number[],
  value: string,
): string {
  if (keys.length === 0) return "CAST([], 'Array(Tuple(UInt32, String))')";
  return `arrayMap((k, v) -> (transform(k, ${p.strs(keys)}, ${p.uints(ranks)}, toUInt32(0)), ${value}), mapKeys(${map}), mapValues(${map}))`;
}

/** The (rank, value) tuple of lowest rank whose value says something; (0, '') when none. */
export function pickFirst(p: Params, tuples: string): string {
  return `arraySort(x -> x.1, arrayFilter(x -> x.1 > 0 AND lower(x.2) NOT IN ${p.strs(MISSING_VALUES)}, arrayMap(x -> (x.1, trim(x.2)), ${tuples})))[1]`;
}

/**
 * A non-negative whole number (token counts; `57.0` is accepted) from `name`, an alias or
 * column: the name is repeated, so pass a name, not an expression.
 */
export function toCount(name: string): string {
  return `if(coalesce(toInt64OrNull(${name}), CAST(toFloat64OrNull(${name}), 'Nullable(Int64)')) AS ${name}_n < 0, NULL, ${name}_n)`;
}

/** `true`/`false` (any case), `1`/`0` from the alias or column `name`; anything else is NULL. */
export function toBool(name: string): string {
  return `multiIf(lower(${name}) IN ('true', '1', 'yes'), CAST(true, 'Nullable(Bool)'), lower(${name}) IN ('false', '0', 'no'), CAST(false, 'Nullable(Bool)'), CAST(NULL, 'Nullable(Bool)'))`;
}

/** JSONPath with bracket segments, so keys holding dots (`prompt_details.cache_read`) stay whole. */
export function jsonPath(path: readonly string[]): string {
  return `$${path.map((segment) => `['${segment.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}']`).join("")}`;
}
