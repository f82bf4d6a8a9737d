import type { Engine } from "../engine/engine.js";
import { PAYLOADS } from "./payload.js";
import { type PostOptions, postJson, redactUrl } from "./post.js";
import { deliveredPairs, pairKey, recordDelivery, webhookHash } from "./state.js";
import type { Alert, AlertConfig, Webhook, WebhookFormat } from "./types.js";

export interface DeliveryOptions extends Pick<PostOptions, "backoffMs" | "maxBackoffMs" | "random"> {
  /** Say what would be sent; send nothing, record nothing. */
  dryRun?: boolean;
  /** Clock for `delivered_at` (default the system clock). */
  now?: () => Date;
}

/**
 * `sent`: accepted now; `already_sent`: delivered on an earlier run for the same period;
 * `failed`: every attempt failed (tried again next run); `would_send`: dry run.
 */
export type DeliveryStatus = "sent" | "already_sent" | "failed" | "would_send";

export interface Delivery {
  alertId: string;
  /** The webhook URL with its secret parts cut (`redactUrl`). */
  webhook: string;
  format: WebhookFormat;
  status: DeliveryStatus;
  /** Attempts made in this run (0 when nothing was sent). */
  attempts: number;
  error?: string;
}

export interface DeliveryReport {
  deliveries: Delivery[];
  sent: number;
  alreadySent: number;
  failed: number;
  wouldSend: number;
}

/** Where an alert goes: every configured webhook plus its team's own, each URL once. */
export function targetsFor(config: AlertConfig, alert: Alert): Webhook[] {
  const all = [...config.webhooks, ...(config.teams[alert.team]?.webhooks ?? [])];
  return all.filter((w, i) => all.findIndex((o) => o.url === w.url) === i);
}

function count(deliveries: readonly Delivery[], status: DeliveryStatus): number {
  return deliveries.filter((d) => d.status === status).length;
}

async function deliverOne(
  engine: Engine,
  alert: Alert,
  hook: Webhook,
  options: DeliveryOptions,
): Promise<Delivery> {
  const base = { alertId: alert.id, webhook: redactUrl(hook.url), format: hook.format };
  if (options.dryRun === true) return { ...base, status: "would_send", attempts: 0 };
  const result = await postJson(hook.url, PAYLOADS[hook.format](alert), {
    ...options,
    timeoutMs: hook.timeoutMs,
    retries: hook.retries,
  });
  if (!result.ok) return { ...base, status: "failed", attempts: result.attempts, error: result.error };
  await recordDelivery(
    engine,
    alert,
    webhookHash(hook.url),
    result.attempts,
    (options.now ?? (() => new Date()))(),
  );
  return { ...base, status: "sent", attempts: result.attempts };
}

/**
 * Sends each alert to its webhooks, skipping those already delivered for the same period
 * (state in `alert_deliveries`). A delivery is recorded only once the receiver accepted it,
 * so a failed one is tried again on the next run. Never throws for a receiver's failure.
 */
export async function deliverAlerts(
  engine: Engine,
  alerts: readonly Alert[],
  config: AlertConfig,
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  const done = await deliveredPairs(
    engine,
    alerts.map((a) => a.id),
  );
  const deliveries: Delivery[] = [];
  for (const alert of alerts) {
    for (const hook of targetsFor(config, alert)) {
      if (done.has(pairKey(alert.id, webhookHash(hook.url)))) {
        deliveries.push({
          alertId: alert.id,
          webhook: redactUrl(hook.url),
          format: hook.format,
          status: "already_sent",
          attempts: 0,
        });
        continue;
      }
      deliveries.push(await deliverOne(engine, alert, hook, options));
    }
  }
  return {
    deliveries,
    sent: count(deliveries, "sent"),
    alreadySent: count(deliveries, "already_sent"),
    failed: count(deliveries, "failed"),
    wouldSend: count(deliveries, "would_send"),
  };
}
