import { flatten, kindOf, SENSITIVE_KINDS } from "./field-kinds.js";

/**
 * Names that may carry an identity value (the contract decides later which ones count):
 * tenant, team, user, workload... optionally followed by id/name/alias, in any spelling
 * (`tenant_id`, `tenantId`, `team.id`, `x-team-id`). Readers do not know the contract, so they
 * keep every such field; the normaliser applies the contract.
 */
const IDENTITY_NAME =
  /^(tenant|team|customer|user|end_?user|workflow|workload|session|project|feature|org|organization|account|cost_?center|agent|conversation|function)([._-]?(id|name|alias))?$/i;

/** Keys repeat on every line of a log: each is classified once. */
const known = new Map<string, boolean>();
const KNOWN_LIMIT = 10_000;

/** True when a key (a dotted path, or a header name) names an identity field. */
export function isIdentityName(key: string): boolean {
  let hit = known.get(key);
  if (hit === undefined) {
    hit = classify(key);
    if (known.size < KNOWN_LIMIT) known.set(key, hit);
  }
  return hit;
}

function classify(key: string): boolean {
  const name = key.toLowerCase().replace(/^x-/, "");
  if (IDENTITY_NAME.test(name)) return true;
  const parts = name.split(".");
  const last = parts.at(-1) ?? "";
  if (IDENTITY_NAME.test(last)) return true;
  return parts.length >= 2 && IDENTITY_NAME.test(`${parts.at(-2)}.${last}`);
}

/**
 * Identity fields of an object (nested objects as dotted paths) with scalar values as text.
 * A value shaped like personal data (an email, a phone number) is not an identity value we
 * keep: it is left out.
 */
export function identityFields(value: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, item] of flatten(value)) {
    const text = identityText(key, item);
    if (text !== null) out[key] = text;
  }
  return out;
}

/** The text of an identity field's value, or null when the key is not one or the value unfit. */
export function identityText(key: string, value: unknown): string | null {
  if (!isIdentityName(key)) return null;
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return null;
  const text = String(value).trim();
  if (text === "" || SENSITIVE_KINDS.has(kindOf(text))) return null;
  return text;
}
