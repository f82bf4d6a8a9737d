import type { IdentityContract } from "../contract/types.js";
import { DIMENSIONS, type Dimension, METADATA_PREFIXES } from "../record/identity.js";
import { HEADER_ATTRIBUTE_PREFIX, IDENTITY_JSON_ATTRIBUTES, PROPERTY_PREFIX } from "../record/semconv.js";
import { mapScan, pickFirst } from "./lookup.js";
import type { Params } from "./params.js";

/** Where one candidate value is read from. */
export const LOOKUP_KINDS = { attribute: 0, header: 1, json: 2, resource: 3 } as const;

/** Parallel arrays, one entry per place a dimension's value may be, in priority order. */
export interface IdentityLookup {
  kinds: number[];
  attrs: string[];
  jsonKeys: string[];
  /** The key reported as the value's origin (`metadata.spend_logs_metadata.team`). */
  labels: string[];
}

/**
 * Every place the contract keys can appear, key by key: the key itself, under each metadata
 * prefix, as a Helicone property, as a captured header, inside JSON metadata attributes and
 * as a resource attribute.
 */
export function identityLookup(keys: readonly string[]): IdentityLookup {
  const out: IdentityLookup = { kinds: [], attrs: [], jsonKeys: [], labels: [] };
  const seen = new Set<string>();
  const add = (kind: number, attr: string, jsonKey: string, label: string): void => {
    const id = `${kind}\u0000${attr}\u0000${jsonKey}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.kinds.push(kind);
    out.attrs.push(attr);
    out.jsonKeys.push(jsonKey);
    out.labels.push(label);
  };
  for (const key of keys) {
    add(LOOKUP_KINDS.attribute, key, "", key);
    for (const prefix of METADATA_PREFIXES) add(LOOKUP_KINDS.attribute, prefix + key, "", prefix + key);
    for (const name of [key.toLowerCase(), dashed(key)]) {
      add(LOOKUP_KINDS.attribute, PROPERTY_PREFIX + name, "", PROPERTY_PREFIX + name);
    }
    const header = HEADER_ATTRIBUTE_PREFIX + headerName(key);
    add(LOOKUP_KINDS.header, header, "", header);
    for (const json of IDENTITY_JSON_ATTRIBUTES) add(LOOKUP_KINDS.json, json, key, `${json}.${key}`);
    add(LOOKUP_KINDS.resource, key, "", `resource.${key}`);
  }
  return out;
}

/** `tenant_id` -> `tenant-id`; `tenantId` -> `tenant-id`. */
function dashed(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/[_.]/g, "-")
    .toLowerCase();
}

/** Header spelling of a key: `tenant_id` -> `x-tenant-id`, unless it already starts with `x-`. */
function headerName(key: string): string {
  const name = dashed(key);
  return name.startsWith("x-") ? name : `x-${name}`;
}

/**
 * SELECT-list items `id_<dimension>`: per dimension the (value, key) tuple of the first
 * contract key that carries a value, read from `attrs` and `resource` (Map(String, String)
 * expressions; `resource` null when there is none). Keys are bound. `identityValueColumns`
 * turns them into columns in the next stage.
 */
export function identityHitColumns(
  p: Params,
  contract: IdentityContract,
  attrs: string,
  resource: string | null,
): string {
  return DIMENSIONS.map((dim) => `${hitExpr(p, contract.keys[dim], attrs, resource)} AS ${hit(dim)}`).join(
    ",\n    ",
  );
}

/** The dimension columns (`tenant` ... `feature`, NULL when absent) and `identity_keys`. */
export function identityValueColumns(): string {
  const items: string[] = DIMENSIONS.map((dim) => `nullIf(${hit(dim)}.1, '') AS ${dim}`);
  const pairs = DIMENSIONS.map((dim) => `'${dim}', ${hit(dim)}.2`).join(", ");
  items.push(`mapFilter((k, v) -> v != '', map(${pairs})) AS identity_keys`);
  return items.join(",\n    ");
}

function hit(dim: Dimension): string {
  return `id_${dim}`;
}

/**
 * Ranks every candidate of the lookup (its position, 1-based) and picks the lowest-ranked
 * value that says something: attribute and header entries through one scan of `attrs`,
 * resource entries through one scan of `resource`, JSON entries through one parse per JSON
 * attribute (see mapScan for why entries are scanned instead of keys looked up).
 */
function hitExpr(p: Params, keys: readonly string[], attrs: string, resource: string | null): string {
  const lookup = identityLookup(keys);
  const parts: string[] = [];
  const of = (kinds: number[]): { keys: string[]; ranks: number[] } => {
    const picked = lookup.kinds.flatMap((kind, i) => (kinds.includes(kind) ? [i] : []));
    return { keys: picked.map((i) => lookup.attrs[i] as string), ranks: picked.map((i) => i + 1) };
  };
  const direct = of([LOOKUP_KINDS.attribute, LOOKUP_KINDS.header]);
  const header = p.str(HEADER_ATTRIBUTE_PREFIX);
  parts.push(
    mapScan(p, attrs, direct.keys, direct.ranks, `if(startsWith(k, ${header}), ${headerValue("v")}, v)`),
  );
  if (resource !== null) {
    const res = of([LOOKUP_KINDS.resource]);
    parts.push(mapScan(p, resource, res.keys, res.ranks, "v"));
  }
  for (const json of IDENTITY_JSON_ATTRIBUTES) {
    const picked = lookup.kinds.flatMap((kind, i) =>
      kind === LOOKUP_KINDS.json && lookup.attrs[i] === json ? [i] : [],
    );
    if (picked.length === 0) continue;
    const jsonKeys = p.strs(picked.map((i) => lookup.jsonKeys[i] as string));
    const ranks = p.uints(picked.map((i) => i + 1));
    const pairs = `JSONExtractKeysAndValues(${jsonText(`${attrs}[${p.str(json)}]`)}, 'String')`;
    parts.push(`arrayMap(kv -> (transform(kv.1, ${jsonKeys}, ${ranks}, toUInt32(0)), kv.2), ${pairs})`);
  }
  const labels = p.strs(lookup.labels);
  return `arrayMap(x -> (x.2, arrayElement(${labels}, x.1)), [${pickFirst(p, `arrayConcat(${parts.join(", ")})`)}])[1]`;
}

/** Captured headers are string arrays (`["acme"]`): the first element is the value. */
function headerValue(text: string): string {
  return `if(startsWith(${text}, '['), JSONExtractString(${text}, 1), ${text})`;
}

/**
 * JSON metadata text. LiteLLM's OTel logger writes nested metadata with Python's str()
 * (`{'team': 'search', 'x': None}`), so single-quoted text is rewritten to JSON first.
 */
function jsonText(text: string): string {
  const python = `replaceAll(replaceAll(replaceAll(replaceAll(${text}, '\\'', '"'), ': None', ': null'), ': True', ': true'), ': False', ': false')`;
  return `if(startsWith(${text}, '{\\''), ${python}, ${text})`;
}
