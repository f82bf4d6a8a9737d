import { errorMessage } from "../errors.js";

/**
 * One webhook POST with a per-attempt timeout and retries with bounded, jittered exponential
 * backoff. Transient failures (timeouts, refused connections, 408/425/429/5xx) are retried;
 * any other status is final. Never throws: the result says what happened.
 */

export interface PostOptions {
  /** Per attempt, in ms. */
  timeoutMs: number;
  /** Attempts after the first. */
  retries: number;
  /** Delay before the first retry, doubled each time (default 500 ms). Tests pass ~1. */
  backoffMs?: number;
  /** Upper bound of one delay, Retry-After included (default 10000 ms). */
  maxBackoffMs?: number;
  /** Jitter source, 0..1 (default Math.random). */
  random?: () => number;
}

export type PostResult =
  | { ok: true; attempts: number; status: number }
  | { ok: false; attempts: number; error: string };

type Attempt =
  | { kind: "ok"; status: number }
  | { kind: "retry"; reason: string; retryAfterMs: number | null }
  | { kind: "fail"; reason: string };

const RETRIED_STATUS = new Set([408, 425, 429]);

/** The URL without what is usually secret (Slack puts its token in the path): origin, first path segment. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    const [first = "", ...rest] = u.pathname.split("/").filter((s) => s !== "");
    const path = first === "" ? "" : `/${first}${rest.length > 0 ? "/…" : ""}`;
    return `${u.origin}${path}${u.search === "" ? "" : "?…"}`;
  } catch {
    return "(invalid URL)";
  }
}

function retryAfter(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function failureReason(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && err.name === "TimeoutError") return `no response within ${timeoutMs} ms`;
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === "string") return `cannot connect (${cause.code})`;
  // undici says only "fetch failed"; the reason is in its cause.
  return typeof cause?.message === "string" ? `${errorMessage(err)} (${cause.message})` : errorMessage(err);
}

async function attempt(url: string, body: string, timeoutMs: number): Promise<Attempt> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "spendtrail" },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Read the body (under the same timeout) so the connection is released.
    const text = (await res.text()).slice(0, 200).trim();
    if (res.ok) return { kind: "ok", status: res.status };
    const reason = `HTTP ${res.status}${text === "" ? "" : `: ${text}`}`;
    if (res.status >= 500 || RETRIED_STATUS.has(res.status)) {
      return { kind: "retry", reason, retryAfterMs: retryAfter(res.headers.get("retry-after")) };
    }
    return { kind: "fail", reason };
  } catch (err) {
    return { kind: "retry", reason: failureReason(err, timeoutMs), retryAfterMs: null };
  }
}

/** Delay before retry `n` (1-based): base * 2^(n-1), capped, then between half and all of it. */
export function backoffDelay(n: number, options: PostOptions): number {
  const cap = options.maxBackoffMs ?? 10_000;
  const full = Math.min(cap, (options.backoffMs ?? 500) * 2 ** (n - 1));
  return full / 2 + (options.random ?? Math.random)() * (full / 2);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** POSTs `payload` as JSON to `url`, retrying transient failures. */
export async function postJson(url: string, payload: unknown, options: PostOptions): Promise<PostResult> {
  const body = JSON.stringify(payload);
  const tries = options.retries + 1;
  for (let n = 1; ; n++) {
    const result = await attempt(url, body, options.timeoutMs);
    if (result.kind === "ok") return { ok: true, attempts: n, status: result.status };
    if (result.kind === "fail" || n >= tries) {
      const final = result.kind === "fail" ? " (not retried)" : "";
      return {
        ok: false,
        attempts: n,
        error: `webhook ${redactUrl(url)}: ${result.reason}${final}, after ${n} attempt${n === 1 ? "" : "s"}`,
      };
    }
    const delay = backoffDelay(n, options);
    await sleep(Math.min(options.maxBackoffMs ?? 10_000, Math.max(delay, result.retryAfterMs ?? 0)));
  }
}
