-- Alert deliveries (src/alerts/state.ts): one row per alert delivered to one webhook, written
-- only after the receiver accepted it, so the same alert for the same period is never sent
-- twice and a failed delivery is tried again on the next run. The URL is kept as a hash only
-- (webhook URLs carry secrets).
CREATE TABLE IF NOT EXISTS alert_deliveries (
    alert_id String,
    webhook_hash FixedString(64),
    metric LowCardinality(String),
    group_key String,
    period_start Date,
    attempts UInt32,
    delivered_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(delivered_at)
ORDER BY (alert_id, webhook_hash)
