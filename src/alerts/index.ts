export { DEFAULT_ALERT_CONFIG, DEFAULT_RULE, loadAlertConfig, parseAlertConfig, ruleFor } from "./config.js";
export type { Delivery, DeliveryOptions, DeliveryReport, DeliveryStatus } from "./deliver.js";
export { deliverAlerts, targetsFor } from "./deliver.js";
export type { EvaluateOptions } from "./evaluate.js";
export { alertId, evaluateAlerts, fires } from "./evaluate.js";
export { jsonPayload, PAYLOADS, slackPayload } from "./payload.js";
export type { PostOptions, PostResult } from "./post.js";
export { postJson, redactUrl } from "./post.js";
export type { AlertsOutput } from "./render.js";
export { ALERT_RENDERERS } from "./render.js";
export type { AlertsSection } from "./section.js";
export { alertsSection } from "./section.js";
export type {
  Alert,
  AlertConfig,
  AlertDriver,
  AlertGrouping,
  AlertMetric,
  AlertRule,
  AlertRun,
  AlertWindow,
  DriverValue,
  JumpCause,
  Webhook,
  WebhookFormat,
} from "./types.js";
export { ALERT_GROUPINGS, ALERT_METRICS, DRIVER_DIMENSIONS, WEBHOOK_FORMATS } from "./types.js";
export { alertWindow } from "./window.js";
