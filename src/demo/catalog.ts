/** The demo company: teams, customers, services and gateway keys (static, seed-independent). */

export const TEAMS = [
  { id: "search", alias: "Search & Discovery" },
  { id: "support", alias: "Customer Support" },
  { id: "growth", alias: "Growth" },
  { id: "platform", alias: "Platform" },
] as const;
export type TeamId = (typeof TEAMS)[number]["id"];

/** Customers (the tenant layer), with traffic weights. */
export const TENANTS: readonly (readonly [string, number])[] = [
  ["acme", 30],
  ["globex", 20],
  ["initech", 15],
  ["umbrella", 10],
  ["hooli", 10],
  ["stark-industries", 6],
  ["wayne-enterprises", 5],
  ["soylent", 4],
];

export interface ServiceDef {
  name: string;
  team: TeamId;
  project: string;
  version: string;
  language: "python" | "nodejs" | "go";
  /** Instrumentation scope of its LLM spans. */
  scope: { name: string; version: string };
}

const svc = (
  name: string,
  team: TeamId,
  project: string,
  version: string,
  language: ServiceDef["language"],
  scope: string,
  scopeVersion: string,
): ServiceDef => ({ name, team, project, version, language, scope: { name: scope, version: scopeVersion } });

/** Application services, plus the two hops every gateway-routed call may pass. */
// biome-ignore format: a table reads better one service per line
export const SERVICES = {
  searchApi: svc("search-api", "search", "semantic-search", "3.4.1", "python", "opentelemetry.instrumentation.openai_v2", "2.1b0"),
  researchAgent: svc("research-agent", "search", "deep-research", "0.9.2", "python", "openinference.instrumentation.openai", "0.1.30"),
  supportBot: svc("support-bot", "support", "helpdesk", "1.18.0", "nodejs", "ai", "6.0.41"),
  triageWorker: svc("triage-worker", "support", "helpdesk", "2.2.0", "python", "opentelemetry.instrumentation.anthropic", "0.40.2"),
  campaignWriter: svc("campaign-writer", "growth", "lifecycle", "1.3.0", "nodejs", "@opentelemetry/instrumentation-openai", "0.21.0"),
  reportBuilder: svc("report-builder", "growth", "analytics", "5.0.3", "python", "opentelemetry.instrumentation.openai_v2", "2.1b0"),
  emailDigest: svc("email-digest", "growth", "lifecycle", "0.7.5", "nodejs", "@opentelemetry/instrumentation-openai", "0.21.0"),
  abTestRunner: svc("ab-test-runner", "growth", "experiments", "0.3.0", "python", "opentelemetry.instrumentation.openai_v2", "2.1b0"),
  docIndexer: svc("doc-indexer", "platform", "knowledge-base", "4.1.0", "python", "opentelemetry.instrumentation.anthropic", "0.4b0"),
  nightlyBackfill: svc("nightly-backfill", "platform", "knowledge-base", "1.0.0", "python", "none", "0"),
  aiGateway: svc("ai-gateway", "platform", "ai-gateway", "2.2.0", "go", "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp", "0.63.0"),
  litellmProxy: svc("litellm-proxy", "platform", "llm-gateway", "1.79.3", "python", "litellm", "1.79.3"),
} as const satisfies Record<string, ServiceDef>;

/** ai-gateway 2.3.0 (header allow-list) starts dropping x-tenant-id on the hop to litellm-proxy. */
export const AI_GATEWAY_FILTER_DEPLOY = "2026-10-13T10:00:00Z";
export const AI_GATEWAY_NEW_VERSION = "2.3.0";

/** A LiteLLM virtual key. The secret is fake and fixed; only its sha256 reaches the exports. */
export interface KeyDef {
  alias: string;
  team: TeamId | null;
  userId: string | null;
  createdAt: string;
}

// biome-ignore format: a table reads better one key per line
export const KEYS = {
  searchApi: { alias: "search-api-prod", team: "search", userId: "svc-search", createdAt: "2026-03-02 10:14:07.512" },
  searchStaging: { alias: "search-api-staging", team: "search", userId: "svc-search", createdAt: "2026-03-02 10:15:44.09" },
  researchAgent: { alias: "research-agent-prod", team: "search", userId: "svc-research", createdAt: "2026-06-18 08:01:55.3" },
  supportBot: { alias: "support-bot-prod", team: "support", userId: "svc-support", createdAt: "2026-01-20 16:40:12.871" },
  gatewaySupport: { alias: "ai-gateway-support", team: "support", userId: "svc-ai-gateway", createdAt: "2026-05-05 09:00:01.2" },
  gatewayGrowth: { alias: "ai-gateway-growth", team: "growth", userId: "svc-ai-gateway", createdAt: "2026-05-05 09:00:02.66" },
  reportBuilder: { alias: "report-builder-prod", team: "growth", userId: "svc-analytics", createdAt: "2026-02-11 13:22:49.004" },
  emailDigest: { alias: "email-digest-prod", team: "growth", userId: "svc-lifecycle", createdAt: "2026-07-29 11:47:30.5" },
  docIndexer: { alias: "doc-indexer-prod", team: "platform", userId: "svc-kb", createdAt: "2026-04-07 07:31:18.25" },
  backfill: { alias: "kb-backfill-batch", team: "platform", userId: "svc-kb", createdAt: "2026-09-30 22:05:40.7" },
  master: { alias: "proxy-admin", team: null, userId: "default_user_id", createdAt: "2025-11-03 09:12:00" },
} as const satisfies Record<string, KeyDef>;

/** The fake secret of a key (never written out). */
export function keySecret(key: KeyDef): string {
  return `sk-demo-${key.alias}`;
}
