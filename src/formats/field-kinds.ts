/**
 * The kind of a field's value, recorded instead of the value so the privacy check can count
 * personal data by key without anything personal being stored.
 */
export type ValueKind =
  | "null"
  | "bool"
  | "number"
  | "array"
  | "object"
  | "string"
  | "email"
  | "phone"
  | "ipv4"
  | "ipv6"
  | "uuid"
  | "hex_id"
  | "jwt"
  | "secret"
  | "card_number";

/** Values whose kind is personal data or a credential: never stored, whatever their key. */
export const SENSITIVE_KINDS: ReadonlySet<ValueKind> = new Set([
  "email",
  "phone",
  "ipv4",
  "ipv6",
  "jwt",
  "secret",
  "card_number",
]);

const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)*\.[a-z]{2,}/i;
const SECRET = /^(bearer|basic)\s+\S+|\b(sk|pk|rk)-[\w-]{16,}|\bsk-ant-[\w-]{10,}/i;
const JWT = /^eyJ[\w-]+\.[\w-]+\.[\w-]*$/;
const PHONE = /^(\+\d[\d\s().-]{6,18}\d|\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4})$/;
const IPV4 = /^(\d{1,3}\.){3}\d{1,3}$/;
const IPV6 = /^(?=.*[0-9a-f]*:[0-9a-f]*:)(?=.*([a-f]|::))[0-9a-f:]{2,39}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX_ID = /^[0-9a-f]{16,}$/i;
const CARD = /^(\d[ -]?){12,18}\d$/;

/** The kind of one value (strings are matched against personal-data shapes). */
export function kindOf(value: unknown): ValueKind {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number" || typeof value === "bigint") return "number";
  if (Array.isArray(value)) return "array";
  if (typeof value === "object") return "object";
  return stringKind(String(value));
}

/** Cheap character checks guard each pattern: this runs for every field of every log line. */
function stringKind(text: string): ValueKind {
  const t = text.length > 4096 ? text.slice(0, 4096) : text.trim();
  if (t.length < 7) return "string";
  const at = t.includes("@");
  if (at && EMAIL.test(t)) return "email";
  if (t.length > 4095) return "string";
  if (SECRET_HINT.test(t) && SECRET.test(t)) return "secret";
  if (t.startsWith("eyJ") && JWT.test(t)) return "jwt";
  if (t.length === 36 && UUID.test(t)) return "uuid";
  if (t.includes(":") && IPV6.test(t)) return "ipv6";
  const digit = DIGIT_START.test(t);
  if (digit && IPV4.test(t)) return "ipv4";
  if ((digit || t[0] === "+" || t[0] === "(") && t.length <= 24) {
    if (CARD.test(t) && luhn(t.replace(/\D/g, ""))) return "card_number";
    if (PHONE.test(t)) return "phone";
  }
  if (t.length >= 16 && HEX_ID.test(t)) return "hex_id";
  return "string";
}

const SECRET_HINT = /sk-|pk-|rk-|^bearer |^basic /i;
const DIGIT_START = /^\d/;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** How deep nested objects are walked, and how many leaves one record may give. */
export const FLATTEN_DEPTH = 4;
export const FLATTEN_LEAVES = 200;

/**
 * The leaves of a JSON object by dotted path: nested objects are walked to FLATTEN_DEPTH,
 * arrays are leaves. Stops after FLATTEN_LEAVES leaves.
 */
export function flatten(record: Record<string, unknown>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (value: Record<string, unknown>, prefix: string, depth: number): void => {
    for (const key in value) {
      if (out.size >= FLATTEN_LEAVES) return;
      const item = value[key];
      const path = prefix === "" ? key : `${prefix}.${key}`;
      const nested = item !== null && typeof item === "object" && !Array.isArray(item);
      if (nested && depth < FLATTEN_DEPTH) walk(item as Record<string, unknown>, path, depth + 1);
      else out.set(path, item);
    }
  };
  walk(record, "", 1);
  return out;
}
