import type { CallSpec } from "./call.js";
import { omit } from "./call.js";
import type { KeyDef, ServiceDef } from "./catalog.js";
import { AI_GATEWAY_FILTER_DEPLOY, AI_GATEWAY_NEW_VERSION, SERVICES } from "./catalog.js";
import type { Identity } from "./model.js";

/** When ai-gateway's header allow-list (its new release) went live, in epoch microseconds. */
const FILTER_DEPLOY_US = Date.parse(AI_GATEWAY_FILTER_DEPLOY) * 1000;

/** A call routed through ai-gateway with the tenant in a header. */
export interface GatewayHop {
  service: ServiceDef;
  tenant: string;
  identity: Identity;
  /** The LiteLLM key the gateway uses for this team. */
  key: KeyDef;
  /** Call start: before the filter deploy the tenant reaches the row, after it is dropped. */
  t0: number;
}

/**
 * The ai-gateway hop, the row and what it lost for one call: before the filter deploy the
 * tenant header becomes the row's end_user; after it the new release drops it
 * (gateway_header_filter). Spread into the call's `emitCall` spec. Draws no random numbers.
 */
export function viaFilteringGateway(hop: GatewayHop): Pick<CallSpec, "via" | "row" | "lost"> {
  const filtered = hop.t0 >= FILTER_DEPLOY_US;
  return {
    via: {
      tenantHeader: hop.tenant,
      teamHeader: hop.service.team,
      version: filtered ? AI_GATEWAY_NEW_VERSION : SERVICES.aiGateway.version,
    },
    row: {
      key: hop.key,
      endUser: filtered ? null : hop.tenant,
      metadata: omit(hop.identity, "team", "tenant"),
    },
    ...(filtered ? { lost: { tenant: "gateway_header_filter" } as const } : {}),
  };
}
