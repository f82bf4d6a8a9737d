import { createHash } from "node:crypto";

/**
 * Trace and span ids as the exporter stores them: lowercase hex, 32 or 16 characters, and the
 * empty string for an unset (all-zero) id. Inputs come as hex (any case, Jaeger may drop
 * leading zeros, Python dumps prefix `0x`), base64 (generic protobuf JSON), a UUID (Langfuse
 * trace ids), Node Buffer JSON `{type:'Buffer', data:[...]}` or a byte array.
 */
export type IdBytes = 8 | 16;

const HEX = /^[0-9a-f]+$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64 = /^[A-Za-z0-9+/]+={1,2}$/;

/** The stored hex of an id of `bytes` bytes, or null when the value is not such an id. */
export function normaliseId(value: unknown, bytes: IdBytes): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return fromString(value.trim(), bytes);
  const data = byteArrayOf(value);
  if (data === null || data.length !== bytes) return null;
  return zeroToEmpty(Buffer.from(data).toString("hex"));
}

function fromString(text: string, bytes: IdBytes): string | null {
  if (text === "") return "";
  const hex = text.startsWith("0x") || text.startsWith("0X") ? text.slice(2) : text;
  if (HEX.test(hex) && hex.length <= bytes * 2)
    return zeroToEmpty(hex.toLowerCase().padStart(bytes * 2, "0"));
  if (bytes === 16 && UUID.test(text)) return zeroToEmpty(text.replaceAll("-", "").toLowerCase());
  // base64 of 8 or 16 bytes always ends in padding, so it cannot be mistaken for hex.
  if (BASE64.test(text) && text.length === Math.ceil(bytes / 3) * 4) {
    const decoded = Buffer.from(text, "base64");
    if (decoded.length === bytes) return zeroToEmpty(decoded.toString("hex"));
  }
  return null;
}

function byteArrayOf(value: unknown): readonly number[] | Uint8Array | null {
  if (value instanceof Uint8Array) return value;
  const data = Array.isArray(value)
    ? value
    : (value as { type?: unknown; data?: unknown }).type === "Buffer"
      ? (value as { data?: unknown }).data
      : null;
  if (!Array.isArray(data)) return null;
  return data.every((b) => Number.isInteger(b) && b >= 0 && b <= 255) ? (data as number[]) : null;
}

function zeroToEmpty(hex: string): string {
  return /^0+$/.test(hex) ? "" : hex;
}

/**
 * Deterministic ids for spans whose source has none (test snapshots, attribute maps): the same
 * file and record always get the same ids, so re-ingesting does not create new spans.
 */
export function syntheticId(seed: string, bytes: IdBytes): string {
  return createHash("sha256")
    .update(seed)
    .digest("hex")
    .slice(0, bytes * 2);
}
