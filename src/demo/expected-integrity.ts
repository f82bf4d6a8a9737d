import { type DemoLogLine, demoLogLines } from "./app-logs.js";
import { legacySpans } from "./legacy-spans.js";
import type { DemoCall, DemoSpan, DemoWorkload } from "./model.js";
import { KIND } from "./model.js";

/**
 * The planted trace integrity and privacy answer (expected.json `integrity`, `privacy`),
 * recounted from the generator's output with DESIGN.md section 6's definitions, never from
 * the checks themselves.
 */

type Counts = Record<string, number>;

const tally = (keys: readonly string[]): Counts => {
  const out: Counts = {};
  for (const k of [...keys].sort()) out[k] = (out[k] ?? 0) + 1;
  return out;
};
const total = (c: Counts) => Object.values(c).reduce((a, b) => a + b, 0);

function orphans(spans: readonly DemoSpan[]): Counts {
  const ids = new Set(spans.map((s) => `${s.traceId}:${s.spanId}`));
  const remote: number[] = [KIND.server, KIND.consumer];
  const lost = spans.filter((s) => s.parentSpanId !== "" && !ids.has(`${s.traceId}:${s.parentSpanId}`));
  return tally(lost.map((s) => (remote.includes(s.kind) ? "remote_parent" : "local_parent")));
}

function consumerRoots(spans: readonly DemoSpan[]) {
  const producers = new Map<string, string>();
  for (const s of spans) {
    const m = s.attributes["messaging.message.id"];
    if (s.kind === KIND.producer && typeof m === "string") producers.set(m, s.traceId);
  }
  const roots = spans.filter((s) => s.kind === KIND.consumer && s.parentSpanId === "");
  const linked = roots.filter((s) => (s.links ?? []).length > 0).length;
  const split = roots.filter((s) => {
    const m = s.attributes["messaging.message.id"];
    const producer = typeof m === "string" ? producers.get(m) : undefined;
    return (s.links ?? []).length === 0 && producer !== undefined && producer !== s.traceId;
  }).length;
  return { total: roots.length, linked, split, producer_not_found: roots.length - linked - split };
}

/** The identity the ledger (or, without a row, the span) states for a call. */
function statedIdentity(c: DemoCall): string {
  const has = (layer: "tenant" | "team" | "workload") => c.row === null || c.lost[layer] === undefined;
  return [
    has("tenant") ? c.tenant : null,
    has("team") ? c.team : null,
    has("workload") ? c.workflow : null,
  ].join("\u0000");
}

/**
 * Retries that started a new trace: the first call of its model in its trace, within 30 s after
 * a 429/5xx/timeout that was the last call of its model in another trace, same service, model
 * and stated identity.
 */
function retriesAcrossTraces(calls: readonly DemoCall[]): number {
  const traced = calls
    .filter((c) => c.traceId !== null)
    .sort((a, b) => a.startUs - b.startUs || a.seq - b.seq);
  const inTrace = (c: DemoCall) =>
    traced.filter((d) => d.traceId === c.traceId && d.requestModel === c.requestModel);
  const groups = new Map<string, DemoCall[]>();
  for (const c of traced) {
    const key = [c.service, c.requestModel, statedIdentity(c)].join("\u0001");
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  let n = 0;
  for (const group of groups.values()) {
    group.forEach((c, i) => {
      const prev = group[i - 1];
      if (prev === undefined || prev.traceId === c.traceId) return;
      const failed = ["rate_limited", "timeout", "provider_error"].includes(prev.status);
      const gap = c.startUs - prev.endUs;
      if (failed && gap >= 0 && gap <= 30_000_000 && inTrace(prev).at(-1) === prev && inTrace(c)[0] === c)
        n += 1;
    });
  }
  return n;
}

/** Log lines per planted problem, and how many a stored trace can still be found for. */
function logAnswer(lines: readonly DemoLogLine[], spans: readonly DemoSpan[]) {
  const traces = [...new Set(spans.map((s) => s.traceId))];
  const bad = lines.filter((l) => l.plant !== null && l.plant !== "unknown_trace");
  const recoverable = bad.filter((l) => {
    const id = String(l.record.trace_id ?? "")
      .toLowerCase()
      .replace(/[^0-9a-f]/g, "");
    if (l.plant === "non_canonical") return traces.includes(id);
    return l.plant === "truncated" && id.length >= 8 && traces.filter((t) => t.startsWith(id)).length === 1;
  }).length;
  const kinds = tally(bad.map((l) => l.plant as string));
  return { count: total(kinds), recoverable, kinds };
}

/** expected.json `integrity`. */
export function integrityAnswer(w: DemoWorkload) {
  const legacy = legacySpans(w);
  const invalid = tally(legacy.map((s) => (/^0+$/.test(s.traceId) ? "empty" : "wrong_length")));
  const lines = demoLogLines(w);
  const orphan = orphans(w.spans);
  const roots = consumerRoots(w.spans);
  return {
    invalid_span_trace_id: { count: total(invalid), kinds: invalid },
    invalid_log_trace_id: logAnswer(lines, w.spans),
    orphan_span: { count: total(orphan), kinds: orphan },
    queue_split: { count: roots.split },
    consumer_roots: roots,
    retry_new_trace: { count: retriesAcrossTraces(w.calls) },
    log_unknown_trace: { count: lines.filter((l) => l.plant === "unknown_trace").length },
    log_lines: lines.length,
  };
}

/** expected.json `privacy`: (source, kind, key, service) with counts, values never written. */
export function privacyAnswer(w: DemoWorkload) {
  const rows = new Map<
    string,
    { source: string; kind: string; key: string; service: string; count: number }
  >();
  const add = (source: string, kind: string, key: string, service: string) => {
    const id = [source, kind, key, service].join("\u0000");
    const row = rows.get(id) ?? { source, kind, key, service, count: 0 };
    row.count += 1;
    rows.set(id, row);
  };
  for (const s of w.spans) {
    if ("app.customer_email" in s.attributes) add("span", "email", "app.customer_email", s.service.name);
    if ("user.id" in s.attributes) add("span", "raw_user_id", "user.id", s.service.name);
  }
  for (const l of demoLogLines(w))
    for (const [key, kind] of Object.entries(l.pii)) add("log", kind, key, l.service);
  return [...rows.values()].sort(
    (a, b) =>
      b.count - a.count || [a.source, a.kind, a.key].join().localeCompare([b.source, b.kind, b.key].join()),
  );
}
