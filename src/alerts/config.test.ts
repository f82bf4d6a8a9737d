import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { DEFAULT_ALERT_CONFIG, loadAlertConfig, parseAlertConfig, ruleFor } from "./config.js";

const FULL = `
alerts:
  period: 2w
  ratio: 1.5
  minOutputTokens: 50000
  minSpend: 25
  metrics: [spend]
  by: [team, feature]
  teams:
    search: { ratio: 3, webhook: "https://hooks.slack.com/services/T000/B000/XXXX" }
    support: { minSpend: "2.5" }
  webhooks:
    - { url: "https://finops.example.com/hooks/llm", format: slack, timeoutMs: 2000, retries: 5 }
    - "https://example.com/generic"
other_section: { kept: for its own reader }
`;

function errorOf(text: string, file = "alerts.yaml"): string {
  try {
    parseAlertConfig(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("alert config", () => {
  it("defaults: 7 days, x2, both metrics per team, no webhooks", async () => {
    expect(await loadAlertConfig()).toEqual(DEFAULT_ALERT_CONFIG);
    expect(DEFAULT_ALERT_CONFIG).toMatchObject({
      periodDays: 7,
      metrics: ["output_tokens", "spend"],
      by: "team",
      rule: { ratio: "2", minOutputTokens: 100_000, minSpend: "10" },
      webhooks: [],
    });
  });

  it("reads every field, with webhook defaults and per-team overrides", () => {
    const config = parseAlertConfig(FULL, "alerts.yaml");
    expect(config).toEqual({
      source: "alerts.yaml",
      periodDays: 14,
      metrics: ["spend"],
      by: "team,feature",
      rule: { ratio: "1.5", minOutputTokens: 50_000, minSpend: "25" },
      teams: {
        search: {
          ratio: "3",
          webhooks: [
            {
              url: "https://hooks.slack.com/services/T000/B000/XXXX",
              format: "json",
              timeoutMs: 5000,
              retries: 3,
            },
          ],
        },
        support: { minSpend: "2.5", webhooks: [] },
      },
      webhooks: [
        { url: "https://finops.example.com/hooks/llm", format: "slack", timeoutMs: 2000, retries: 5 },
        { url: "https://example.com/generic", format: "json", timeoutMs: 5000, retries: 3 },
      ],
    });
    expect(ruleFor(config, "search")).toEqual({ ratio: "3", minOutputTokens: 50_000, minSpend: "25" });
    expect(ruleFor(config, "growth")).toEqual(config.rule);
  });

  it("reads JSON too", () => {
    expect(parseAlertConfig('{"alerts": {"period": 3}}', "a.json").periodDays).toBe(3);
  });

  it("names the file and the field of every mistake", () => {
    expect(errorOf("alerts:\n  ratio: 1\n")).toBe(
      "alerts.yaml: alerts.ratio: expected a number above 1, e.g. 2 (current / previous)",
    );
    expect(errorOf("alerts:\n  ratoi: 3\n")).toMatch(/^alerts\.yaml: alerts: Unrecognized key.*\(ratoi\)$/);
    expect(errorOf("alerts:\n  period: fortnight\n")).toBe(
      'alerts.yaml: alerts.period: expected a number of days or text like "7d" or "2w"',
    );
    expect(errorOf("alerts:\n  by: [feature]\n")).toBe(
      "alerts.yaml: alerts.by: expected [team], [team, project] or [team, feature]",
    );
    expect(errorOf("alerts:\n  webhooks: [{ url: 'ftp://x/y' }]\n")).toBe(
      "alerts.yaml: alerts.webhooks.0.url: expected an http(s) URL",
    );
    expect(errorOf("alerts:\n  webhooks: [{ url: 'https://x/y', format: teams }]\n")).toMatch(
      /^alerts\.yaml: alerts\.webhooks\.0\.format: /,
    );
    expect(errorOf("alerts:\n  teams: { search: { minSpend: -1 } }\n")).toBe(
      "alerts.yaml: alerts.teams.search.minSpend: expected a non-negative number (USD)",
    );
    expect(errorOf("prices: []\n")).toMatch(/^alerts\.yaml: no `alerts` section/);
    expect(errorOf("alerts: [\n")).toMatch(/^alerts\.yaml: not valid YAML: /);
  });

  it("names a file it cannot read", async () => {
    const dir = mkdtempSync(join(tmpdir(), "alerts-config-"));
    await expect(loadAlertConfig(join(dir, "missing.yaml"))).rejects.toThrow(
      `${join(dir, "missing.yaml")}: cannot read the alerts config`,
    );
    writeFileSync(join(dir, "ok.yml"), "alerts: {}\n");
    expect((await loadAlertConfig(join(dir, "ok.yml"))).rule).toEqual(DEFAULT_ALERT_CONFIG.rule);
  });
});
