import type { Feature } from "./call.js";
import type { ServiceDef } from "./catalog.js";

/** How many of each trace integrity and privacy plant the demo makes at scale 1 (scenario-integrity.ts). */
export const INTEGRITY_PLANTS = {
  unlinkedEscalations: 6,
  linkedEscalations: 3,
  droppedParents: 3,
  emails: 5,
  rawUserIds: 4,
  slaJobs: 12,
  retriedJobs: 3,
  crmCalls: 4,
} as const;

const svc = (name: string, language: ServiceDef["language"], scope: string, version: string): ServiceDef => ({
  name,
  team: "support",
  project: "helpdesk",
  version,
  language,
  scope: { name: scope, version: language === "python" ? "2.1b0" : "0.21.0" },
});

/** Services only these plants use. */
export const INTEGRITY_SERVICES = {
  escalationWorker: svc("escalation-worker", "python", "opentelemetry.instrumentation.openai_v2", "1.4.2"),
  slaMonitor: svc("sla-monitor", "nodejs", "@opentelemetry/instrumentation-openai", "0.6.0"),
  crmApi: svc("crm-api", "go", "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp", "7.2.0"),
} as const;

export const ESCALATION: Feature = { name: "escalation-summary", workflow: "ticket-escalation" };
export const SLA: Feature = { name: "sla-risk-check", workflow: "sla-monitoring" };
/** Microseconds per millisecond. */
export const MS = 1_000;
