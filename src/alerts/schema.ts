import { z } from "zod";
import { ALERT_METRICS, WEBHOOK_FORMATS } from "./types.js";

/**
 * The `alerts` section of a config file (YAML or JSON). Strict objects, so a misspelt field
 * is an error rather than a silently ignored setting.
 *
 * ```yaml
 * alerts:
 *   period: 7d                 # or a number of days
 *   ratio: 2                   # fires when current / previous is above this
 *   minOutputTokens: 100000    # output-token alerts need this much in the current period
 *   minSpend: 10               # spend alerts need this much USD in the current period
 *   metrics: [output_tokens, spend]
 *   by: [team]                 # or [team, project] or [team, feature]
 *   teams:
 *     search: { ratio: 3, webhook: "https://hooks.slack.com/services/T000/B000/XXX" }
 *   webhooks:
 *     - { url: "https://finops.example.com/hooks/llm", format: json, timeoutMs: 5000, retries: 3 }
 * ```
 */

const DECIMAL_TEXT = /^\d+(\.\d+)?$/;
const nonNegative = (what: string) => {
  const error = `expected a non-negative number (${what})`;
  return z.union(
    [z.number({ error }).nonnegative({ error }), z.string({ error }).regex(DECIMAL_TEXT, { error })],
    {
      error,
    },
  );
};
const RATIO_ERROR = "expected a number above 1, e.g. 2";
const ratio = z
  .union(
    [
      z.number({ error: RATIO_ERROR }),
      z.string({ error: RATIO_ERROR }).regex(DECIMAL_TEXT, { error: RATIO_ERROR }),
    ],
    {
      error: RATIO_ERROR,
    },
  )
  .refine((r) => Number(r) > 1, { error: "expected a number above 1, e.g. 2 (current / previous)" });

const PERIOD_TEXT = /^(\d+)\s*([dw])$/i;
const PERIOD_ERROR = 'expected a number of days or text like "7d" or "2w"';
const period = z
  .union(
    [
      z.number({ error: PERIOD_ERROR }).int({ error: PERIOD_ERROR }),
      z.string().regex(PERIOD_TEXT, { error: PERIOD_ERROR }),
    ],
    {
      error: PERIOD_ERROR,
    },
  )
  .transform((p) => {
    if (typeof p === "number") return p;
    const [, n = "0", unit = "d"] = PERIOD_TEXT.exec(p) ?? [];
    return Number(n) * (unit.toLowerCase() === "w" ? 7 : 1);
  })
  .refine((days) => days >= 1 && days <= 366, { error: "expected a period of 1 to 366 days" });

const url = z.url({ protocol: /^https?$/, error: "expected an http(s) URL" });
const webhookObject = z.strictObject({
  url,
  format: z.enum(WEBHOOK_FORMATS).optional(),
  timeoutMs: z.number().int().min(1).max(120_000).optional(),
  retries: z.number().int().min(0).max(10).optional(),
});
// A bare URL is shorthand for { url }; errors then name the field either way.
const webhookSchema = z.preprocess((v) => (typeof v === "string" ? { url: v } : v), webhookObject);
export type WebhookFile = z.infer<typeof webhookSchema>;

const rule = {
  ratio: ratio.optional(),
  minOutputTokens: z.number().int().nonnegative().optional(),
  minSpend: nonNegative("USD").optional(),
};

const grouping = z.union(
  [z.tuple([z.literal("team")]), z.tuple([z.literal("team"), z.enum(["project", "feature"])])],
  {
    error: "expected [team], [team, project] or [team, feature]",
  },
);

const alertsSchema = z.strictObject({
  period: period.optional(),
  ...rule,
  metrics: z.array(z.enum(ALERT_METRICS)).min(1).optional(),
  by: grouping.optional(),
  teams: z
    .record(z.string().min(1), z.strictObject({ ...rule, webhook: webhookSchema.optional() }))
    .optional(),
  webhooks: z.array(webhookSchema).optional(),
});
export type AlertsFile = z.infer<typeof alertsSchema>;

/** A config file: other top-level sections are left to their own readers. */
export const configFileSchema = z.looseObject({ alerts: alertsSchema.optional() });

/** `alerts.teams.search.ratio: expected ...; ...`: each issue with the path of its field. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const where = issue.path.length === 0 ? "(top level)" : issue.path.map(String).join(".");
      const extra = issue.code === "unrecognized_keys" ? ` (${issue.keys.join(", ")})` : "";
      return `${where}: ${issue.message}${extra}`;
    })
    .join("; ");
}
