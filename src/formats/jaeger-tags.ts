import { type AttributeMap, attributeText } from "./attributes.js";
import { shown } from "./span-run.js";

/**
 * Jaeger typed key-values (`{key, type, value}`, type string/bool/int64/float64/binary) as
 * exporter attribute text, the way the Collector's Jaeger receiver turns them into pdata.
 */

const TAG_TYPES = ["string", "bool", "int64", "float64", "binary"] as const;

export interface TagsResult {
  attributes: AttributeMap;
  /** Keys whose value was a typed bool (the receiver reads `error` only when it is one). */
  bools: Set<string>;
  /** Values that did not match their declared type; each was kept as plain text. */
  problems: string[];
}

/** Attributes from a Jaeger tag or log-field list. Entries without a string key are ignored. */
export function tagsToAttributes(tags: unknown): TagsResult {
  const attributes: AttributeMap = {};
  const result: TagsResult = { attributes, bools: new Set(), problems: [] };
  if (!Array.isArray(tags)) return result;
  for (const tag of tags) {
    if (typeof tag !== "object" || tag === null) continue;
    const { key, type, value } = tag as { key?: unknown; type?: unknown; value?: unknown };
    if (typeof key !== "string" || value === null || value === undefined) continue;
    const typed = typedText(type, value);
    if (typed !== null && type === "bool") result.bools.add(key);
    if (typed === null) {
      result.problems.push(
        TAG_TYPES.includes(type as (typeof TAG_TYPES)[number]) || type === undefined
          ? `tag ${JSON.stringify(key)} is declared ${String(type)} but holds ${shown(value)}; kept as text`
          : `tag ${JSON.stringify(key)} has unknown type ${shown(type)}; kept as text`,
      );
    }
    const text = typed ?? attributeText(value);
    if (text !== null) attributes[key] = text;
  }
  return result;
}

function typedText(type: unknown, value: unknown): string | null {
  switch (type) {
    case "string":
    case "binary":
      // Jaeger JSON carries binary values as base64, which is also the exporter's text for bytes.
      return typeof value === "string" ? value : null;
    case "bool":
      if (value === true || value === "true") return "true";
      if (value === false || value === "false") return "false";
      return null;
    case "int64":
      if (typeof value === "number" && Number.isInteger(value)) return BigInt(value).toString();
      if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value).toString();
      return null;
    case "float64": {
      const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
      return typeof n === "number" && !Number.isNaN(n) ? (attributeText(n) as string) : null;
    }
    case undefined:
      return attributeText(value);
    default:
      return null;
  }
}

/** Removes and returns an attribute (the receiver moves some tags into span fields). */
export function take(attrs: AttributeMap, key: string): string | undefined {
  const value = attrs[key];
  delete attrs[key];
  return value;
}
