import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChdbEngine } from "../engine/chdb.js";
import { DEFAULT_ALERT_CONFIG } from "./config.js";
import { deliverAlerts, targetsFor } from "./deliver.js";
import { sampleAlert } from "./fixtures/alert.js";
import { type Receiver, startReceiver } from "./fixtures/receiver.js";
import { redactUrl } from "./post.js";
import { deliveredPairs } from "./state.js";
import type { AlertConfig, Webhook } from "./types.js";

// Tiny backoff so retries take milliseconds; jitter pinned.
const FAST = { backoffMs: 1, maxBackoffMs: 5, random: () => 0.5 };

function hook(url: string, over: Partial<Webhook> = {}): Webhook {
  return { url, format: "json", timeoutMs: 2_000, retries: 3, ...over };
}

function config(webhooks: Webhook[], teams: AlertConfig["teams"] = {}): AlertConfig {
  return { ...DEFAULT_ALERT_CONFIG, webhooks, teams };
}

describe("deliverAlerts against a local receiver", () => {
  let engine: ChdbEngine;
  let receiver: Receiver;
  beforeAll(async () => {
    engine = await ChdbEngine.open();
    receiver = await startReceiver({ "/ok": "ok", "/flaky": "failTwice", "/hang": "hang", "/bad": "reject" });
  });
  afterAll(async () => {
    await receiver.close();
    await engine.close();
  });

  it("posts the JSON payload once, and never again for the same alert and period", async () => {
    const alert = sampleAlert("search");
    const cfg = config([hook(receiver.url("/ok"))]);
    const first = await deliverAlerts(engine, [alert], cfg, FAST);
    expect(first).toMatchObject({ sent: 1, alreadySent: 0, failed: 0 });
    expect(first.deliveries[0]).toEqual({
      alertId: alert.id,
      webhook: receiver.url("/ok"),
      format: "json",
      status: "sent",
      attempts: 1,
    });
    expect(receiver.bodies("/ok")).toEqual([{ type: "spendtrail.alert", version: 1, alert }]);

    const second = await deliverAlerts(engine, [alert], cfg, FAST);
    expect(second).toMatchObject({ sent: 0, alreadySent: 1, failed: 0 });
    expect(receiver.hits("/ok")).toBe(1);

    // The next period is a different alert.
    const next = sampleAlert("search", "wow/output_tokens/team=search/2026-10-26/7d");
    expect((await deliverAlerts(engine, [next], cfg, FAST)).sent).toBe(1);
    expect(receiver.hits("/ok")).toBe(2);
  });

  it("retries a receiver that fails twice, then records the delivery", async () => {
    const alert = sampleAlert("support");
    const cfg = config([hook(receiver.url("/flaky"), { format: "slack", retries: 2 })]);
    const report = await deliverAlerts(engine, [alert], cfg, FAST);
    expect(report.deliveries[0]).toMatchObject({ status: "sent", attempts: 3 });
    expect(receiver.hits("/flaky")).toBe(3);
    const body = receiver.bodies("/flaky")[2] as { text: string; blocks: { type: string }[] };
    expect(body.text).toBe(alert.summary.replace("->", "-&gt;"));
    expect(body.blocks.map((b) => b.type)).toEqual(["header", "section", "section", "context"]);
    expect((await deliverAlerts(engine, [alert], cfg, FAST)).alreadySent).toBe(1);
    expect(receiver.hits("/flaky")).toBe(3);
  });

  it("gives up on a hanging receiver with a clear error, records nothing, and retries next run", async () => {
    const alert = sampleAlert("growth");
    const cfg = config([hook(receiver.url("/hang"), { timeoutMs: 100, retries: 1 })]);
    const report = await deliverAlerts(engine, [alert], cfg, FAST);
    expect(report).toMatchObject({ sent: 0, failed: 1 });
    expect(report.deliveries[0]?.error).toBe(
      `webhook ${receiver.url("/hang")}: no response within 100 ms, after 2 attempts`,
    );
    expect(receiver.hits("/hang")).toBe(2);
    expect(await deliveredPairs(engine, [alert.id])).toEqual(new Set());

    receiver.route("/hang", "ok");
    const retried = await deliverAlerts(engine, [alert], cfg, FAST);
    expect(retried).toMatchObject({ sent: 1, failed: 0 });
    expect(receiver.hits("/hang")).toBe(3);
  });

  it("does not retry a receiver that rejects the payload", async () => {
    const report = await deliverAlerts(
      engine,
      [sampleAlert("platform")],
      config([hook(receiver.url("/bad"))]),
      FAST,
    );
    expect(report.deliveries[0]).toMatchObject({
      status: "failed",
      attempts: 1,
      error: `webhook ${receiver.url("/bad")}: HTTP 400: invalid_payload (not retried), after 1 attempt`,
    });
  });

  it("names a receiver that is not there", async () => {
    const gone = await startReceiver({});
    const url = gone.url("/hook");
    await gone.close();
    const report = await deliverAlerts(
      engine,
      [sampleAlert("nobody")],
      config([hook(url, { retries: 1 })]),
      FAST,
    );
    expect(report.deliveries[0]?.error).toBe(
      `webhook ${url}: cannot connect (ECONNREFUSED), after 2 attempts`,
    );
  });

  it("sends nothing and records nothing on a dry run", async () => {
    const alert = sampleAlert("research");
    const report = await deliverAlerts(engine, [alert], config([hook(receiver.url("/ok"))]), {
      dryRun: true,
    });
    expect(report).toMatchObject({ wouldSend: 1, sent: 0 });
    expect(await deliveredPairs(engine, [alert.id])).toEqual(new Set());
  });

  it("routes a team's alerts to its own webhook too, each URL once", () => {
    const shared = hook("https://finops.example.com/hooks/llm");
    const own = hook("https://hooks.slack.com/services/T000/B000/XXXX", { format: "slack" });
    const cfg = config([shared], { support: { webhooks: [own, shared] } });
    expect(targetsFor(cfg, sampleAlert("support"))).toEqual([shared, own]);
    expect(targetsFor(cfg, sampleAlert("search"))).toEqual([shared]);
  });
});

describe("redactUrl", () => {
  it("keeps the origin and first path segment, never the token", () => {
    expect(redactUrl("https://hooks.slack.com/services/T000/B000/XXXX")).toBe(
      "https://hooks.slack.com/services/…",
    );
    expect(redactUrl("https://example.com/hook?token=abc")).toBe("https://example.com/hook?…");
  });
});
