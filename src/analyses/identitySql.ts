import type { IdentityContract } from "../contract/types.js";
import { type Sql, sql } from "../engine/sql.js";
import { identityLookup, LOOKUP_KINDS } from "../normalise/identity.js";
import { IDENTITY_LAYERS, type IdentityLayer, MISSING_VALUES } from "../record/identity.js";
import { joinSql, q } from "./sqlText.js";

const missingParam = sql("{id_missing:Array(String)}", { id_missing: [...MISSING_VALUES] });

/** One identity value, cleaned: the MISSING_VALUES mean absent (''). Text parts are our own SQL. */
export function cleanIdentity(expr: Sql | string): Sql {
  return q`if(has(${missingParam}, lower(trimBoth(${expr}))), '', trimBoth(${expr}))`;
}

/**
 * `Array(String)` expression over an `llm_calls` row: its normalised identity per layer, in
 * IDENTITY_LAYERS order, '' where absent. The audit's working tables hold identity this way.
 */
export function callIdentitySql(): Sql {
  return q`[${joinSql(
    IDENTITY_LAYERS.map((layer) => cleanIdentity(`coalesce(${layer}, '')`)),
    ", ",
  )}]`;
}

/** Captured headers are string arrays (`["acme"]`): the first element is the value. */
const HEADER = "if(startsWith(v, '['), JSONExtractString(v, 1), v)";

/** LiteLLM writes nested metadata with Python's str(): a single-quoted dict is read as JSON. */
function pyJson(text: Sql): Sql {
  const fixed = q`replaceAll(replaceAll(replaceAll(replaceAll(${text}, '\\'', '"'), ': None', ': null'), ': True', ': true'), ': False', ': false')`;
  return q`if(startsWith(${text}, '{\\''), ${fixed}, ${text})`;
}

interface Places {
  /** Span attribute names (plain and header kinds), their lookup position and header flag. */
  attrs: string[];
  attrPos: number[];
  attrHeader: number[];
  /** JSON metadata attributes, the key inside each, the lookup position. */
  json: string[];
  jsonKey: string[];
  jsonPos: number[];
  /** Resource attribute names and their lookup position. */
  res: string[];
  resPos: number[];
}

/** The normaliser's lookup for a layer (so both read the same places), split by kind; first position wins. */
function places(keys: readonly string[]): Places {
  const lookup = identityLookup(keys);
  const p: Places = {
    attrs: [],
    attrPos: [],
    attrHeader: [],
    json: [],
    jsonKey: [],
    jsonPos: [],
    res: [],
    resPos: [],
  };
  lookup.kinds.forEach((kind, i) => {
    const attr = lookup.attrs[i] ?? "";
    if (kind === LOOKUP_KINDS.json) {
      p.json.push(attr);
      p.jsonKey.push(lookup.jsonKeys[i] ?? "");
      p.jsonPos.push(i + 1);
    } else if (kind === LOOKUP_KINDS.resource) {
      if (p.res.includes(attr)) return;
      p.res.push(attr);
      p.resPos.push(i + 1);
    } else if (!p.attrs.includes(attr)) {
      p.attrs.push(attr);
      p.attrPos.push(i + 1);
      p.attrHeader.push(kind === LOOKUP_KINDS.header ? 1 : 0);
    }
  });
  return p;
}

const NO_HITS = "CAST([], 'Array(Tuple(UInt32, String))')";

/**
 * One layer's value on an `otel_traces` row: (lookup position, value) for each of the span's
 * own keys the contract knows, found with `transform` (a hash lookup), so a span costs its
 * attribute count rather than the contract's size; the lowest position wins.
 */
function layerValue(layer: IdentityLayer, keys: readonly string[]): Sql {
  const p = places(keys);
  const arr = (name: string, type: string, value: number[] | string[]) =>
    sql(`{aud_${name}_${layer}:Array(${type})}`, { [`aud_${name}_${layer}`]: value });
  const attrs = arr("attrs", "String", p.attrs);
  const header = q`transform(k, ${attrs}, ${arr("attr_header", "UInt8", p.attrHeader)}, toUInt8(0)) = 1`;
  const spanHits =
    p.attrs.length === 0
      ? NO_HITS
      : q`arrayMap((k, v) -> (transform(k, ${attrs}, ${arr("attr_pos", "UInt32", p.attrPos)}, toUInt32(0)),
        ${cleanIdentity(q`if(${header}, ${HEADER}, v)`)}), mapKeys(SpanAttributes), mapValues(SpanAttributes))`;
  const json = arr("json", "String", p.json);
  // Loop over the span's own attributes, not the contract's JSON keys: a lambda that reads
  // SpanAttributes[...] copies the whole map once per key (measured: 70x slower at 50k spans).
  const inJson = q`JSONExtractString(${pyJson(q`v`)}, arrayElement(${arr("json_key", "String", p.jsonKey)}, j))`;
  const jsonHits =
    p.json.length === 0
      ? NO_HITS
      : q`arrayFlatten(arrayMap((k, v) -> if(has(${json}, k), arrayMap(j -> (arrayElement(${arr("json_pos", "UInt32", p.jsonPos)}, j), ${cleanIdentity(inJson)}),
        arrayFilter(j -> arrayElement(${json}, j) = k, range(1, ${p.json.length + 1}))), ${NO_HITS}), mapKeys(SpanAttributes), mapValues(SpanAttributes)))`;
  const resHits =
    p.res.length === 0
      ? NO_HITS
      : q`arrayMap((k, v) -> (transform(k, ${arr("res", "String", p.res)}, ${arr("res_pos", "UInt32", p.resPos)}, toUInt32(0)),
        ${cleanIdentity("v")}), mapKeys(ResourceAttributes), mapValues(ResourceAttributes))`;
  return q`arraySort(x -> x.1, arrayFilter(x -> x.1 > 0 AND x.2 != '', arrayConcat(${spanHits}, ${jsonHits}, ${resHits})))[1].2`;
}

/**
 * `SELECT ... FROM otel_traces` with the span's identity per layer (`ids Array(String)`,
 * IDENTITY_LAYERS order, '' where absent), read with the contract the way the normaliser
 * reads LLM spans, for the spans `llm_calls` does not hold (hops, ancestors, producers).
 * `columns` and `where` are our own SQL text.
 */
export function spanIdentitySelect(contract: IdentityContract, columns: string, where: string): Sql {
  const ids = joinSql(
    IDENTITY_LAYERS.map((layer) => layerValue(layer, contract.keys[layer])),
    ",\n  ",
  );
  return q`SELECT ${columns}, [${ids}] AS ids FROM otel_traces WHERE ${where}`;
}
