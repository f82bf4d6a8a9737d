import type { Attrs, Identity } from "./model.js";

/** How a service writes identity onto its spans (one convention per instrumentation style). */
export type IdentityStyle = "app" | "plain" | "baggage" | "vercel" | "traceloop" | "openinference";

type KeyMap = Record<keyof Identity, string>;

const PLAIN: KeyMap = {
  tenant: "tenant_id",
  team: "team_id",
  workflow: "workflow_id",
  project: "project.id",
  feature: "feature.id",
};

const prefixed = (prefix: string, tenantKey = PLAIN.tenant): KeyMap => ({
  tenant: `${prefix}${tenantKey}`,
  team: `${prefix}${PLAIN.team}`,
  workflow: `${prefix}${PLAIN.workflow}`,
  project: `${prefix}${PLAIN.project}`,
  feature: `${prefix}${PLAIN.feature}`,
});

const STYLE_KEYS: Record<Exclude<IdentityStyle, "openinference">, KeyMap> = {
  app: prefixed("app."),
  plain: PLAIN,
  // What a baggage span processor copies from `baggage: tenant.id=acme,team.id=...`.
  baggage: { ...PLAIN, tenant: "tenant.id", team: "team.id" },
  vercel: prefixed("ai.telemetry.metadata."),
  traceloop: prefixed("traceloop.association.properties.", "customer_id"),
};

const ORDER: readonly (keyof Identity)[] = ["tenant", "team", "workflow", "project", "feature"];

/** Span attributes carrying `identity` in the given style. */
export function identityAttrs(style: IdentityStyle, identity: Identity): Attrs {
  if (style === "openinference") {
    // OpenInference keeps user metadata as one JSON string attribute.
    const meta: Record<string, string> = {};
    for (const layer of ORDER) {
      const value = identity[layer];
      if (value !== undefined) meta[PLAIN[layer]] = value;
    }
    return Object.keys(meta).length === 0 ? {} : { metadata: JSON.stringify(meta) };
  }
  const keys = STYLE_KEYS[style];
  const attrs: Attrs = {};
  for (const layer of ORDER) {
    const value = identity[layer];
    if (value !== undefined) attrs[keys[layer]] = value;
  }
  return attrs;
}

/** LiteLLM `metadata.spend_logs_metadata` as the demo's callers send it. */
export function spendLogsMetadata(identity: Identity, traceId: string | null): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const layer of ORDER) {
    const value = identity[layer];
    if (value !== undefined) meta[PLAIN[layer]] = value;
  }
  if (traceId !== null) meta.trace_id = traceId;
  return meta;
}

/** Every identity key the demo writes, for the default identity contract to cover. */
export function demoIdentityKeys(): Record<IdentityStyle, string[]> {
  const out = {} as Record<IdentityStyle, string[]>;
  for (const [style, keys] of Object.entries(STYLE_KEYS)) out[style as IdentityStyle] = Object.values(keys);
  out.openinference = Object.values(PLAIN).map((k) => `metadata -> ${k}`);
  return out;
}
