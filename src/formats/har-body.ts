import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import type { BodyProblem } from "../record/evidence.js";

/** A HAR `response.content` or `request.postData`, as far as bodies are concerned. */
export interface HarContent {
  text?: unknown;
  encoding?: unknown;
  size?: unknown;
  mimeType?: unknown;
}

export type BodyText = { ok: true; text: string } | { ok: false; problem: BodyProblem };

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * The text of a captured body: plain, or base64 (`encoding: "base64"`), decompressed when the
 * bytes are still gzip/deflate/brotli (`Content-Encoding`; capture tools usually store the
 * decoded body, so the bytes decide, not the header alone).
 */
export function bodyText(content: HarContent | undefined, contentEncoding: string): BodyText {
  const text = typeof content?.text === "string" ? content.text : null;
  if (text === null || text === "") {
    const size = typeof content?.size === "number" ? content.size : 0;
    return { ok: false, problem: size > 0 ? "not_captured" : "empty" };
  }
  if (content?.encoding !== "base64") return { ok: true, text };
  const compact = text.replace(/\s+/g, "");
  if (!BASE64.test(compact)) return { ok: false, problem: "bad_base64" };
  return decompress(Buffer.from(compact, "base64"), contentEncoding.toLowerCase());
}

function decompress(bytes: Buffer, encoding: string): BodyText {
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  try {
    if (gzip) return { ok: true, text: gunzipSync(bytes).toString("utf8") };
    if (encoding.includes("br") && !looksLikeText(bytes)) {
      return { ok: true, text: brotliDecompressSync(bytes).toString("utf8") };
    }
    if (encoding.includes("deflate") && !looksLikeText(bytes)) {
      return { ok: true, text: inflateSync(bytes).toString("utf8") };
    }
  } catch {
    return { ok: false, problem: "bad_gzip" };
  }
  return { ok: true, text: bytes.toString("utf8") };
}

/** JSON and SSE bodies start with one of these once decoded. */
function looksLikeText(bytes: Buffer): boolean {
  const first = bytes.subarray(0, 16).toString("latin1").trimStart()[0];
  return first === "{" || first === "[" || first === "d" || first === "e" || first === ":";
}

/** True when a body is a server-sent event stream (by MIME type, else by its first field). */
export function isEventStream(mimeType: string, text: string): boolean {
  if (mimeType.toLowerCase().includes("event-stream")) return true;
  return /^\s*(data|event):/.test(text.slice(0, 64));
}
