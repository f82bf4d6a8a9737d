import type { CaptureApi } from "../record/evidence.js";
import { identityFields, isIdentityName } from "./identity-names.js";
import { sha256Hex } from "./records/values.js";

type Json = Record<string, unknown>;

/** LLM API of a request path (POST only), or null for any other request. */
export function apiOf(method: string, path: string): CaptureApi | null {
  if (method.toUpperCase() !== "POST") return null;
  const p = path.replace(/\/+$/, "").toLowerCase();
  if (p.endsWith("/chat/completions")) return "openai_chat";
  if (p.endsWith("/responses")) return "openai_responses";
  // Assistants' `/threads/{id}/messages` adds a message to a thread: no model call.
  if (p.endsWith("/messages") && !p.includes("/threads/")) return "anthropic_messages";
  if (p.endsWith("/completions")) return "openai_completions";
  if (p.endsWith("/embeddings")) return "openai_embeddings";
  return null;
}

/** Provider by API host; a gateway's host says nothing, except an Anthropic-shaped path. */
export function providerOf(host: string, api: CaptureApi): string | null {
  const h = host.toLowerCase();
  if (h === "api.openai.com") return "openai";
  if (h === "api.anthropic.com") return "anthropic";
  if (h.endsWith(".openai.azure.com")) return "azure.ai.openai";
  return api === "anthropic_messages" ? "anthropic" : null;
}

/** HAR headers (`[{name, value}]`, names in any case, may repeat) as lowercase name -> values. */
export function headerMap(headers: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(headers)) return out;
  for (const h of headers as Json[]) {
    if (typeof h?.name !== "string" || h.name.startsWith(":")) continue;
    const name = h.name.toLowerCase();
    const value = typeof h.value === "string" ? h.value : String(h.value ?? "");
    const seen = out.get(name);
    out.set(name, seen === undefined ? value : `${seen}, ${value}`);
  }
  return out;
}

/** Credentials: hashed at most, never stored; and never taken for identity. */
const SECRET_HEADER = /auth|key|cookie|token|secret|signature|password/;
/** Gateway and provider headers that carry who is calling. */
const IDENTITY_HEADER_PREFIXES = [
  "x-litellm-",
  "helicone-",
  "x-portkey-",
  "openai-organization",
  "openai-project",
  "baggage",
];

/** Identity request headers: gateway/provider ones and any identity-named header. */
export function identityHeaders(headers: Map<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    if (SECRET_HEADER.test(name) || value.trim() === "") continue;
    if (IDENTITY_HEADER_PREFIXES.some((p) => name.startsWith(p)) || isIdentityName(name)) out[name] = value;
  }
  return out;
}

/**
 * sha256 hex of the API key the request carried (`Authorization: Bearer`, Anthropic
 * `x-api-key`, Azure `api-key`, LiteLLM `x-litellm-api-key`), as a gateway key table stores
 * it; '' when none. The key itself is never kept.
 */
export function apiKeyHash(headers: Map<string, string>): string {
  const auth = headers.get("authorization") ?? headers.get("x-litellm-api-key") ?? "";
  const bearer = /^bearer\s+(.+)$/i.exec(auth.trim())?.[1]?.trim();
  const key = bearer ?? headers.get("x-api-key") ?? headers.get("api-key") ?? "";
  return key.trim() === "" ? "" : sha256Hex(key.trim());
}

/** What the request body says: model, stream flag, `user`, identity keys of `metadata`. */
export interface RequestFacts {
  model: string | null;
  stream: boolean | null;
  user: string | null;
  metadata: Record<string, string>;
}

/** Request facts from the body text; an unreadable body states nothing. */
export function requestFacts(text: string | null): RequestFacts {
  let body: Json = {};
  try {
    const parsed: unknown = text === null ? {} : JSON.parse(text);
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) body = parsed as Json;
  } catch {
    // a non-JSON request body states nothing
  }
  const metadata = body.metadata ?? body.litellm_metadata;
  return {
    model: typeof body.model === "string" && body.model !== "" ? body.model : null,
    stream: typeof body.stream === "boolean" ? body.stream : null,
    user: typeof body.user === "string" && body.user !== "" ? body.user : null,
    metadata:
      metadata !== null && typeof metadata === "object" && !Array.isArray(metadata)
        ? identityFields(metadata as Json)
        : {},
  };
}
