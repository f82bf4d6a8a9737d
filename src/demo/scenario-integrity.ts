import { TENANTS } from "./catalog.js";
import type { GenContext } from "./context.js";
import { DAY_US, DEMO_DAYS, DEMO_START_US, HOUR_US } from "./context.js";
import { INTEGRITY_PLANTS, MS } from "./integrity-catalog.js";
import { escalation } from "./integrity-escalation.js";
import { slaJob } from "./integrity-sla.js";

export { INTEGRITY_PLANTS, INTEGRITY_SERVICES } from "./integrity-catalog.js";

/** `n` start times in business hours, on distinct days while there are enough, in order. */
function businessTimes(ctx: GenContext, n: number): number[] {
  const days = ctx.rng.sample(DEMO_DAYS, Math.min(n, DEMO_DAYS));
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const day = days[i % days.length] ?? 0;
    out.push(DEMO_START_US + day * DAY_US + (9 + (i % 8)) * HOUR_US + ctx.rng.int(0, 3_000) * 1_000_000);
  }
  return out.sort((a, b) => a - b);
}

/**
 * Trace integrity and privacy plants (one trace per request, DESIGN.md section 6). Runs after
 * every other scenario, so the rest of the workload draws the same random numbers as before.
 * - support-bot escalations are queued to escalation-worker, which starts a new trace: most
 *   without a span link (queue_split), some with one; a few of its traces lost the parent of an
 *   exported span (orphan_span, local); its consumer spans carry an email and a raw user id.
 * - sla-monitor's job runner retries a rate-limited job as a new job: a new trace (retry_new_trace);
 *   some jobs call crm-api with a propagated context whose client span was never exported
 *   (orphan_span, remote).
 * Counts are INTEGRITY_PLANTS, scaled.
 */
export function integrityPlants(ctx: GenContext): void {
  const p = INTEGRITY_PLANTS;
  const escalations = businessTimes(ctx, ctx.count(p.unlinkedEscalations) + ctx.count(p.linkedEscalations));
  for (const [i, t0] of escalations.entries()) escalation(ctx, t0, scaledIndex(ctx, i, escalations.length));
  const jobs = businessTimes(ctx, ctx.count(p.slaJobs));
  const retried = new Set(ctx.rng.sample(jobs.length, ctx.count(p.retriedJobs)));
  let crm = 0;
  jobs.forEach((t0, i) => {
    const tenant = ctx.rng.weighted(TENANTS);
    if (retried.has(i)) {
      const end = slaJob(ctx, t0, tenant, { fail: true, retry: false, crm: false });
      slaJob(ctx, end + ctx.rng.int(2_000, 8_000) * MS, tenant, { fail: false, retry: true, crm: false });
      return;
    }
    const withCrm = crm < ctx.count(p.crmCalls);
    if (withCrm) crm += 1;
    slaJob(ctx, t0, tenant, { fail: false, retry: false, crm: withCrm });
  });
}

/**
 * Which plant an escalation gets: the plant thresholds are at scale 1, so at other scales the
 * index is mapped back onto the first 9 (each plant keeps its share).
 */
function scaledIndex(ctx: GenContext, i: number, total: number): number {
  const base = INTEGRITY_PLANTS.unlinkedEscalations + INTEGRITY_PLANTS.linkedEscalations;
  return ctx.scale === 1 ? i : Math.floor((i * base) / total);
}
