import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { ConfigError, errorMessage } from "../errors.js";
import { toDecimal } from "../pricing/money.js";
import { type AlertsFile, configFileSchema, describeIssues, type WebhookFile } from "./schema.js";
import {
  ALERT_GROUPINGS,
  type AlertConfig,
  type AlertGrouping,
  type AlertRule,
  type Webhook,
} from "./types.js";

/** Defaults of every rule field (DESIGN.md section 6: 2x and a minimum volume). */
export const DEFAULT_RULE: AlertRule = { ratio: "2", minOutputTokens: 100_000, minSpend: "10" };
export const DEFAULT_PERIOD_DAYS = 7;
export const DEFAULT_WEBHOOK = { format: "json", timeoutMs: 5_000, retries: 3 } as const;

/** The configuration used when no `--config` is given: defaults, no webhooks. */
export const DEFAULT_ALERT_CONFIG: AlertConfig = {
  source: "(defaults)",
  periodDays: DEFAULT_PERIOD_DAYS,
  metrics: ["output_tokens", "spend"],
  by: "team",
  rule: DEFAULT_RULE,
  teams: {},
  webhooks: [],
};

/** Reads `--config FILE` (YAML or JSON); the defaults when `path` is undefined. */
export async function loadAlertConfig(path?: string): Promise<AlertConfig> {
  if (path === undefined) return DEFAULT_ALERT_CONFIG;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new ConfigError(`${path}: cannot read the alerts config: ${errorMessage(err)}`, { cause: err });
  }
  return parseAlertConfig(text, path);
}

/** Parses and validates config text; `file` names it in every error. */
export function parseAlertConfig(text: string, file: string): AlertConfig {
  const json = file.toLowerCase().endsWith(".json");
  let raw: unknown;
  try {
    raw = json ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ConfigError(`${file}: not valid ${json ? "JSON" : "YAML"}: ${errorMessage(err)}`, {
      cause: err,
    });
  }
  const parsed = configFileSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new ConfigError(`${file}: ${describeIssues(parsed.error.issues)}`);
  if (parsed.data.alerts === undefined) {
    throw new ConfigError(
      `${file}: no \`alerts\` section; expected e.g. "alerts: { ratio: 2, webhooks: [...] }"`,
    );
  }
  return resolve(parsed.data.alerts, file);
}

function webhook(w: WebhookFile): Webhook {
  return {
    url: w.url,
    format: w.format ?? DEFAULT_WEBHOOK.format,
    timeoutMs: w.timeoutMs ?? DEFAULT_WEBHOOK.timeoutMs,
    retries: w.retries ?? DEFAULT_WEBHOOK.retries,
  };
}

function decimal(value: number | string): string {
  // The schema only lets non-negative numbers and decimal text through.
  return toDecimal(value) ?? String(value);
}

interface RuleFields {
  ratio?: number | string | undefined;
  minOutputTokens?: number | undefined;
  minSpend?: number | string | undefined;
}

function rulePart(r: RuleFields): Partial<AlertRule> {
  return {
    ...(r.ratio !== undefined && { ratio: decimal(r.ratio) }),
    ...(r.minOutputTokens !== undefined && { minOutputTokens: r.minOutputTokens }),
    ...(r.minSpend !== undefined && { minSpend: decimal(r.minSpend) }),
  };
}

function resolve(a: AlertsFile, file: string): AlertConfig {
  const teams = Object.fromEntries(
    Object.entries(a.teams ?? {}).map(([team, t]) => [
      team,
      { ...rulePart(t), webhooks: t.webhook === undefined ? [] : [webhook(t.webhook)] },
    ]),
  );
  return {
    source: file,
    periodDays: a.period ?? DEFAULT_PERIOD_DAYS,
    metrics: [...new Set(a.metrics ?? DEFAULT_ALERT_CONFIG.metrics)],
    by: groupingOf(a.by ?? ["team"]),
    rule: { ...DEFAULT_RULE, ...rulePart(a) },
    teams,
    webhooks: (a.webhooks ?? []).map(webhook),
  };
}

/** `["team", "feature"]` -> `"team,feature"`; the schema has already checked it is one of ALERT_GROUPINGS. */
export function groupingOf(dims: readonly string[]): AlertGrouping {
  const joined = dims.join(",");
  const found = ALERT_GROUPINGS.find((g) => g === joined);
  if (found === undefined) {
    throw new ConfigError(`by: ${joined} is not a grouping; expected one of ${ALERT_GROUPINGS.join(" | ")}`);
  }
  return found;
}

/** The rule for one team: its overrides on top of the config's rule. */
export function ruleFor(config: AlertConfig, team: string): AlertRule {
  const own = config.teams[team];
  if (own === undefined) return config.rule;
  const { webhooks: _, ...overrides } = own;
  return { ...config.rule, ...overrides };
}
