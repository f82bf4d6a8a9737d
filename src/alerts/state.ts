import { createHash } from "node:crypto";
import type { Engine } from "../engine/engine.js";
import { sql } from "../engine/sql.js";
import { groupKey } from "./figures.js";
import type { Alert } from "./types.js";

/**
 * Delivery state (`alert_deliveries`, schema-alerts.sql): which alert went to which webhook.
 * A row is written only after the receiver accepted the alert.
 */

/** sha256 of the webhook URL, hex: the state never holds the URL itself. */
export function webhookHash(url: string): string {
  return createHash("sha256").update(url).digest("hex");
}

/** `alertId` + `\n` + webhook hash of every delivery already made for these alerts. */
export async function deliveredPairs(engine: Engine, alertIds: readonly string[]): Promise<Set<string>> {
  if (alertIds.length === 0) return new Set();
  const rows = await engine.query<{ alert_id: string; webhook_hash: string }>(
    sql(
      "SELECT DISTINCT alert_id, toString(webhook_hash) AS webhook_hash FROM alert_deliveries WHERE has({ad_ids:Array(String)}, alert_id)",
      { ad_ids: [...alertIds] },
    ),
  );
  return new Set(rows.map((r) => pairKey(r.alert_id, r.webhook_hash)));
}

export function pairKey(alertId: string, hash: string): string {
  return `${alertId}\n${hash}`;
}

/** Records one successful delivery. */
export async function recordDelivery(
  engine: Engine,
  alert: Alert,
  hash: string,
  attempts: number,
  at: Date,
): Promise<void> {
  await engine.exec(
    sql(
      `INSERT INTO alert_deliveries (alert_id, webhook_hash, metric, group_key, period_start, attempts, delivered_at)
SELECT {ad_id:String}, {ad_hash:String}, {ad_metric:String}, {ad_group:String}, toDate({ad_period:String}),
  {ad_attempts:UInt32}, parseDateTime64BestEffort({ad_at:String}, 3, 'UTC')`,
      {
        ad_id: alert.id,
        ad_hash: hash,
        ad_metric: alert.metric,
        ad_group: groupKey(alert.group),
        ad_period: alert.window.current.from.slice(0, 10),
        ad_attempts: attempts,
        ad_at: at.toISOString(),
      },
    ),
  );
}
