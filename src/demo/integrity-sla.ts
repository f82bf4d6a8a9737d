import { emitCall, identityOf, withoutTeam } from "./call.js";
import { KEYS } from "./catalog.js";
import type { GenContext } from "./context.js";
import { identityAttrs } from "./identity-keys.js";
import { INTEGRITY_SERVICES, MS, SLA } from "./integrity-catalog.js";
import { KIND } from "./model.js";

/** One sla-monitor job: a new trace whose LLM call may be rate limited; some call crm-api first. */
export function slaJob(
  ctx: GenContext,
  t0: number,
  tenant: string,
  opts: { fail: boolean; retry: boolean; crm: boolean },
): number {
  const { rng } = ctx;
  const s = INTEGRITY_SERVICES.slaMonitor;
  const identity = identityOf(s, SLA, tenant);
  const root = ctx.span({
    service: s,
    name: "sla_check.run",
    kind: KIND.internal,
    parent: null,
    traceId: ctx.traceId(),
    startUs: t0,
    endUs: t0,
    attributes: {
      "job.name": "sla_check",
      ...(opts.retry ? { "job.attempt": 2 } : {}),
      ...identityAttrs("app", identity),
    },
    scope: { name: "sla-monitor", version: s.version },
  });
  let t = t0 + 5 * MS;
  if (opts.crm) {
    // The fetch client span is suppressed, but its context still goes out in traceparent.
    ctx.span({
      service: INTEGRITY_SERVICES.crmApi,
      name: "GET /api/tickets",
      kind: KIND.server,
      parent: { ...root, spanId: rng.hex(8) },
      startUs: t + 2 * MS,
      endUs: t + 60 * MS,
      attributes: {
        "http.request.method": "GET",
        "http.route": "/api/tickets",
        "http.response.status_code": 200,
      },
    });
    t += 70 * MS;
  }
  const { call } = emitCall(ctx, {
    service: s,
    convention: "otel-current",
    style: "app",
    feature: SLA,
    tenant,
    parent: root,
    startUs: t,
    durationUs: (opts.fail ? rng.int(120, 400) : rng.int(900, 2_500)) * MS,
    requestModel: "gpt-4o-mini",
    usage: opts.fail
      ? null
      : { input: rng.around(900, 0.3), cacheRead: 0, cacheWrite: 0, output: rng.around(60, 0.4) },
    status: opts.fail ? "rate_limited" : "ok",
    spanIdentity: identity,
    row: { key: KEYS.supportBot, endUser: null, metadata: withoutTeam(identity) },
  });
  root.endUs = call.endUs + 3 * MS;
  return root.endUs;
}
