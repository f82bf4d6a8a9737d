import type { DemoCall, DemoSpan, DemoWorkload } from "./model.js";
import { Rng } from "./random.js";

/**
 * app_logs.ndjson: the structured logs five services write, with the trace id problems
 * DESIGN.md section 6 looks for planted by how each service formats its ids:
 * - search-api (structlog) one line per answer; a log shipper cuts some trace ids (`truncated`);
 * - ai-gateway (Go slog) prints ids with `%X`, upper case (`non_canonical`, still joinable);
 * - escalation-worker (structlog) prints `uuid.UUID(int=trace_id)`, dashed (`non_canonical`),
 *   and logs the customer's phone number on some lines;
 * - sla-monitor (pino) logs `job.scheduled` outside any span with the all-zero id, and three
 *   start-up lines with no trace id at all (`missing`);
 * - notification-service (winston) makes up its own trace ids (`log_unknown_trace`) and logs the
 *   recipient's email and raw user id.
 */

/** What a line plants (null: a clean line). */
export type LogPlant = "truncated" | "non_canonical" | "all_zeros" | "missing" | "unknown_trace";

export interface DemoLogLine {
  timeUs: number;
  service: string;
  plant: LogPlant | null;
  /** Personal data fields on the line: key -> kind. */
  pii: Record<string, "email" | "phone" | "raw_user_id">;
  record: Record<string, unknown>;
}

/** Lines of search-api whose trace id is cut: with an ellipsis, and at 24 hex without one. */
export const LOG_PLANTS = { ellipsis: 6, cut: 4, phones: 3, restarts: 3 } as const;

const iso = (us: number) =>
  `${new Date(Math.floor(us / 1000)).toISOString().slice(0, -1)}${String(us % 1000).padStart(3, "0")}Z`;
const ms = (s: DemoSpan) => Math.round((s.endUs - s.startUs) / 1000);
const dashed = (id: string) => id.replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-");

function line(
  timeUs: number,
  service: string,
  record: Record<string, unknown>,
  plant: LogPlant | null = null,
): DemoLogLine {
  return { timeUs, service, plant, pii: {}, record };
}

function searchApi(w: DemoWorkload, tenants: Map<string, string>, rng: Rng): DemoLogLine[] {
  const roots = w.spans.filter((s) => s.service.name === "search-api" && s.name === "POST /api/answer");
  const cut = new Set(rng.sample(roots.length, LOG_PLANTS.ellipsis + LOG_PLANTS.cut));
  let n = 0;
  return roots.map((s, i) => {
    let traceId = s.traceId;
    let plant: LogPlant | null = null;
    if (cut.has(i)) {
      traceId = n < LOG_PLANTS.ellipsis ? `${traceId.slice(0, 16)}\u2026` : traceId.slice(0, 24);
      plant = "truncated";
      n += 1;
    }
    const record = {
      event: "answer.completed",
      level: "info",
      logger: "search_api.routes",
      service: "search-api",
      timestamp: iso(s.endUs),
      trace_id: traceId,
      span_id: s.spanId,
      tenant_id: tenants.get(s.traceId) ?? null,
      status: 200,
      latency_ms: ms(s),
    };
    return line(s.endUs, "search-api", record, plant);
  });
}

function aiGateway(w: DemoWorkload): DemoLogLine[] {
  return w.spans
    .filter((s) => s.service.name === "ai-gateway")
    .map((s) => {
      const record = {
        time: iso(s.endUs),
        level: "INFO",
        msg: "upstream request",
        trace_id: s.traceId.toUpperCase(),
        span_id: s.spanId.toUpperCase(),
        status: s.attributes["http.response.status_code"],
        latency_ms: ms(s),
        service: "ai-gateway",
      };
      return line(s.endUs, "ai-gateway", record, "non_canonical");
    });
}

function escalationWorker(w: DemoWorkload, tenants: Map<string, string>, rng: Rng): DemoLogLine[] {
  const roots = w.spans.filter((s) => s.service.name === "escalation-worker" && s.parentSpanId === "");
  return roots.map((s, i) => {
    const out = line(
      s.endUs,
      "escalation-worker",
      {
        event: "escalation.summarised",
        level: "info",
        service: "escalation-worker",
        timestamp: iso(s.endUs),
        trace_id: dashed(s.traceId),
        span_id: s.spanId,
        tenant_id: tenants.get(s.traceId) ?? null,
      },
      "non_canonical",
    );
    if (i < LOG_PLANTS.phones) {
      out.record.customer_phone = `+1 415 555 0${rng.int(100, 199)}`;
      out.pii.customer_phone = "phone";
    }
    return out;
  });
}

function notifications(w: DemoWorkload, rng: Rng): DemoLogLine[] {
  const roots = w.spans.filter((s) => s.service.name === "escalation-worker" && s.parentSpanId === "");
  return roots.map((s) => {
    const at = s.endUs + rng.int(200, 900) * 1000;
    const out = line(
      at,
      "notification-service",
      {
        level: "info",
        message: "escalation email sent",
        timestamp: iso(at),
        service: "notification-service",
        trace_id: rng.hex(16),
        to: `${rng.pick(["jane.doe", "m.chen", "a.okafor", "r.silva"])}@example.net`,
        user_id: `u_${rng.int(10_000, 99_999)}`,
      },
      "unknown_trace",
    );
    out.pii = { to: "email", user_id: "raw_user_id" };
    return out;
  });
}

function slaMonitor(w: DemoWorkload, rng: Rng): DemoLogLine[] {
  const base = { pid: 7, hostname: "sla-monitor-5c9d7", name: "sla-monitor" };
  const roots = w.spans.filter((s) => s.service.name === "sla-monitor" && s.parentSpanId === "");
  const out = roots.flatMap((s) => [
    line(
      s.startUs - 1_000_000,
      "sla-monitor",
      {
        level: 30,
        time: Math.floor(s.startUs / 1000) - 1000,
        ...base,
        msg: "job.scheduled",
        trace_id: "0".repeat(32),
        span_id: "0".repeat(16),
        trace_flags: "00",
      },
      "all_zeros",
    ),
    line(s.endUs, "sla-monitor", {
      level: 30,
      time: Math.floor(s.endUs / 1000),
      ...base,
      msg: "job.done",
      trace_id: s.traceId,
      span_id: s.spanId,
      trace_flags: "01",
    }),
  ]);
  const first = roots[0]?.startUs ?? 0;
  for (let i = 0; i < LOG_PLANTS.restarts; i++) {
    const at = first - 3_600_000_000 + i * 7 * 86_400_000_000 + rng.int(0, 600) * 1_000_000;
    out.push(
      line(
        at,
        "sla-monitor",
        { level: 30, time: Math.floor(at / 1000), ...base, msg: "sla-monitor started" },
        "missing",
      ),
    );
  }
  return out;
}

/** Tenant of each trace: the first call's. */
function tenantsByTrace(calls: readonly DemoCall[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of calls)
    if (c.traceId !== null && c.tenant !== null && !out.has(c.traceId)) out.set(c.traceId, c.tenant);
  return out;
}

/** Every log line, in time order (a seeded Rng of its own: the workload is unchanged). */
export function demoLogLines(w: DemoWorkload): DemoLogLine[] {
  const rng = new Rng((w.seed ^ 0x10c5) >>> 0);
  const tenants = tenantsByTrace(w.calls);
  const lines = [
    ...searchApi(w, tenants, rng),
    ...aiGateway(w),
    ...escalationWorker(w, tenants, rng),
    ...notifications(w, rng),
    ...slaMonitor(w, rng),
  ];
  return lines.sort((a, b) => a.timeUs - b.timeUs);
}

/** app_logs.ndjson, line by line. */
export function* appLogLines(w: DemoWorkload): Generator<string> {
  for (const l of demoLogLines(w)) yield `${JSON.stringify(l.record)}\n`;
}
