import { amount, driverText, groupLabel, METRIC_LABEL, periodText, times } from "./summary.js";
import type { Alert, DriverValue, WebhookFormat } from "./types.js";

/**
 * Webhook bodies. `slack`: Slack's incoming-webhook message (`text` is the notification
 * fallback, `blocks` the layout; also accepted by Mattermost and Rocket.Chat, which read
 * `text`). `json`: the alert itself under a versioned envelope, for any other receiver.
 */

/** Version of the generic JSON payload; bumped only when a field changes meaning. */
export const JSON_PAYLOAD_VERSION = 1;

// Slack reads <...> as links and mentions (`<!channel>`); values from input must not ping anyone.
function slackEscape(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

// Header blocks take at most 150 characters, text fields 3000.
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function field(title: string, values: readonly DriverValue[], alert: Alert) {
  const lines = values.map((v) => `${slackEscape(v.value)} +${amount(v.delta, alert.metric)}`);
  return { type: "mrkdwn", text: clip(`*${title}*\n${lines.join("\n") || "-"}`, 2000) };
}

/** Slack-compatible `{ text, blocks }`. */
export function slackPayload(alert: Alert): Record<string, unknown> {
  const head = `${groupLabel(alert.group)}: ${METRIC_LABEL[alert.metric]} ${times(alert.ratio)} over ${alert.window.days} days`;
  const change =
    `*${amount(alert.previous, alert.metric)} → ${amount(alert.current, alert.metric)}* ${METRIC_LABEL[alert.metric]} ` +
    `in ${periodText(alert.window)} vs the ${alert.window.days} days before (alert above ${times(alert.rule.ratio)})`;
  return {
    text: slackEscape(alert.summary),
    blocks: [
      { type: "header", text: { type: "plain_text", text: clip(head, 150) } },
      { type: "section", text: { type: "mrkdwn", text: clip(slackEscape(change), 3000) } },
      {
        type: "section",
        fields: [
          field("Feature", alert.driver.feature, alert),
          field("Model", alert.driver.model, alert),
          field("Service", alert.driver.service, alert),
          {
            type: "mrkdwn",
            text: clip(
              `*Why*\n${slackEscape(driverText({ ...alert.driver, feature: [], model: [], service: [] }, alert.metric))}`,
              2000,
            ),
          },
        ],
      },
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: clip(`spendtrail alert \`${slackEscape(alert.id)}\``, 3000) }],
      },
    ],
  };
}

/** The generic JSON payload: `{ type, version, alert }`. */
export function jsonPayload(alert: Alert): Record<string, unknown> {
  return { type: "spendtrail.alert", version: JSON_PAYLOAD_VERSION, alert };
}

/** Payload builders by webhook format. */
export const PAYLOADS = {
  slack: slackPayload,
  json: jsonPayload,
} as const satisfies Record<WebhookFormat, (alert: Alert) => Record<string, unknown>>;
