import { describe, expect, it } from "vitest";
import { sampleAlert } from "./fixtures/alert.js";
import { jsonPayload, slackPayload } from "./payload.js";

describe("webhook payloads", () => {
  it("slack: header, change, driver fields, alert id", () => {
    const payload = slackPayload(sampleAlert("support"));
    expect(payload.blocks).toEqual([
      { type: "header", text: { type: "plain_text", text: "support: output tokens x3.70 over 7 days" } },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: "*75,268 → 278,623* output tokens in 2026-10-19..2026-10-25 vs the 7 days before (alert above x2.00)",
        },
      },
      {
        type: "section",
        fields: [
          { type: "mrkdwn", text: "*Feature*\nticket-summary +201,917" },
          { type: "mrkdwn", text: "*Model*\nclaude-sonnet-4-5 +201,917" },
          { type: "mrkdwn", text: "*Service*\nsupport-bot +203,762" },
          { type: "mrkdwn", text: "*Why*\nmore per call (187.2 -&gt; 681.2 per call)" },
        ],
      },
      {
        type: "context",
        elements: [
          { type: "mrkdwn", text: "spendtrail alert `wow/output_tokens/team=support/2026-10-19/7d`" },
        ],
      },
    ]);
  });

  it("slack: values from input cannot mention anyone", () => {
    // Slack parses <...> in mrkdwn text and in the `text` fallback; plain_text shows it as typed.
    const payload = slackPayload(sampleAlert("<!channel>"));
    const mrkdwn = JSON.stringify([payload.text, (payload.blocks as unknown[]).slice(1)]);
    expect(mrkdwn).not.toContain("<!channel>");
    expect(mrkdwn).toContain("&lt;!channel&gt;");
  });

  it("json: the alert under a versioned envelope", () => {
    const alert = sampleAlert();
    expect(jsonPayload(alert)).toEqual({ type: "spendtrail.alert", version: 1, alert });
  });
});
