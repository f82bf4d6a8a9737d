import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The conformance corpus (read-only, outside the repository); override with SPENDTRAIL_CORPUS. */
export const CORPUS_DIR = process.env.SPENDTRAIL_CORPUS ?? "/work/shared/corpus";

/** One expected LLM call of EXPECTED.json (only the fields the conformance test checks). */
export interface ExpectedCall {
  model_requested: string | null;
  model_response: string | null;
  provider: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
  cached_input_tokens: number | null;
  cache_write_input_tokens: number | null;
  uncached_input_tokens?: number;
  reasoning_tokens?: number;
  response_id: string | null;
  stream: boolean | null;
  identity: Record<string, unknown>;
  span_id?: string;
  index?: number;
  trace_id?: string;
  parent_span_id?: string | null;
  start_time?: string;
  end_time?: string;
  start_time_unix_nano?: string;
  end_time_unix_nano?: string;
  span_name?: string;
  otel_status?: string;
  status?: string;
  error_type?: string;
  cost?: Record<string, number>;
}

export interface ExpectedIdentityOnly {
  span_id: string;
  trace_id: string;
  identity: Record<string, unknown>;
}

export interface ExpectedFile {
  llm_calls?: ExpectedCall[];
  aggregate_or_non_llm_spans?: string[];
  identity_only?: ExpectedIdentityOnly;
}

/** EXPECTED.json, keyed by path relative to the corpus directory. */
export function loadExpected(dir = CORPUS_DIR): Record<string, ExpectedFile> {
  const path = join(dir, "EXPECTED.json");
  if (!existsSync(path)) return {};
  return JSON.parse(readFileSync(path, "utf8")) as Record<string, ExpectedFile>;
}

/**
 * Nanoseconds since the epoch of an ISO time with up to nine fraction digits
 * (`2025-04-30T15:28:50.220515904Z`) or LiteLLM's naive UTC `2025-01-24 09:20:46.847371`.
 */
export function isoNanos(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z?$/.exec(text);
  if (m === null) throw new Error(`not an ISO time: ${text}`);
  const seconds = BigInt(Date.parse(`${m[1]}T${m[2]}Z`) / 1000);
  const fraction = BigInt((m[3] ?? "").padEnd(9, "0"));
  return (seconds * 1_000_000_000n + fraction).toString();
}

/**
 * What an "aggregate or non-LLM span" entry names: a span id (`dfe387fea7ef3b02`,
 * `CHAIN 86cd4912944ddc41`) or a span name (`index 0: ai.streamText (...)`).
 */
export function nonCallRef(entry: string): { spanId: string } | { spanName: string } {
  const id = /\b([0-9a-f]{16})\b/.exec(entry);
  if (id !== null) return { spanId: id[1] as string };
  const named = /^index \d+: (\S+)/.exec(entry);
  if (named !== null) return { spanName: named[1] as string };
  throw new Error(`cannot read the non-call entry "${entry}"`);
}
