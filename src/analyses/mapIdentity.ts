import type { IdentityContract } from "../contract/types.js";
import { type Sql, sql } from "../engine/sql.js";
import { identityLookup, LOOKUP_KINDS } from "../normalise/identity.js";
import { IDENTITY_LAYERS, type IdentityLayer } from "../record/identity.js";
import { cleanIdentity } from "./identitySql.js";
import { joinSql, q } from "./sqlText.js";

/**
 * Identity per layer from a `Map(String, String)` of fields (a log line's identity fields, a
 * capture's metadata and headers), read with the contract's keys the way span attributes are:
 * the key itself, under the metadata prefixes, and as a captured header
 * (`http.request.header.x-tenant-id`). The first key in contract order that holds a value wins.
 */
function layerSql(layer: IdentityLayer, keys: readonly string[], map: string, tag: string): Sql {
  const lookup = identityLookup(keys);
  const names: string[] = [];
  const ranks: number[] = [];
  lookup.kinds.forEach((kind, i) => {
    const name = lookup.attrs[i] ?? "";
    if ((kind === LOOKUP_KINDS.attribute || kind === LOOKUP_KINDS.header) && !names.includes(name)) {
      names.push(name);
      ranks.push(i + 1);
    }
  });
  const p = (name: string, type: string, value: unknown) =>
    sql(`{${tag}_${name}_${layer}:${type}}`, { [`${tag}_${name}_${layer}`]: value });
  const rank = q`transform(k, ${p("keys", "Array(String)", names)}, ${p("ranks", "Array(UInt32)", ranks)}, toUInt32(0))`;
  const value = cleanIdentity(q`if(startsWith(v, '['), JSONExtractString(v, 1), v)`);
  return q`arraySort(x -> x.1, arrayFilter(x -> x.1 > 0 AND x.2 != '',
    arrayMap((k, v) -> (${rank}, ${value}), mapKeys(${map}), mapValues(${map}))))[1].2`;
}

/** `Array(String)`: [tenant, team, workload] from a map expression (our own SQL), '' where absent. */
export function mapIdentitySql(contract: IdentityContract, map: string, tag = "mi"): Sql {
  return q`[${joinSql(
    IDENTITY_LAYERS.map((layer) => layerSql(layer, contract.keys[layer], map, tag)),
    ", ",
  )}]`;
}

/**
 * A capture's identity fields as one map: its metadata keys, its headers as captured header
 * attributes, and the request's `user` as LiteLLM's `end_user`.
 */
export const CAPTURE_FIELDS_SQL = `mapFromArrays(
  arrayConcat(mapKeys(metadata), arrayMap(h -> concat('http.request.header.', h), mapKeys(headers)), if(ifNull(user, '') = '', [], ['end_user'])),
  arrayConcat(mapValues(metadata), mapValues(headers), if(ifNull(user, '') = '', [], [assumeNotNull(user)])))`;
