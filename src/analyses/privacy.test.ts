import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChdbEngine } from "../engine/chdb.js";
import { sql } from "../engine/sql.js";
import { captureRow, logRow } from "./fixtures/evidence.js";
import { BASE_MS, World } from "./fixtures/world.js";
import { hashIdentity, hashReportIdentities } from "./hashIdentities.js";
import { type PrivacySection, privacyScan } from "./privacy.js";

const EMAIL = "jane.doe@example.com";
const CARD = "4111 1111 1111 1111";
const RAW_USER = "usr_48213";

const world = () =>
  new World()
    .span({
      trace: "support-chat-001",
      span: "chat",
      service: "support-bot",
      at: 0,
      attrs: {
        "app.customer_email": `Contact: ${EMAIL}`,
        "user.id": RAW_USER,
        "enduser.id": "3f2a9c1b7e4d5a6f0b1c2d3e4f5a6b7c",
        "tool.arguments": `{"phone":"+1 415-555-0100","card":"${CARD}"}`,
        // Not personal data: a 13-digit epoch, a Luhn-failing number, a version, an npm scope.
        "job.started_ms": "1791234567890",
        "order.number": "4111111111111112",
        "service.version": "1.79.3",
        "code.namespace": "@opentelemetry/api",
        "metadata.user_api_key_user_id": "svc-support",
      },
    })
    .span({
      trace: "support-chat-002",
      span: "chat",
      service: "support-bot",
      at: 1,
      attrs: { "app.customer_email": EMAIL, "user.id": "unknown" },
    });

const LOGS = [
  { line: 1, at: 0, service: "billing", identity: { user_id: RAW_USER }, kinds: { email: "email" } },
  {
    line: 2,
    at: 1,
    service: "billing",
    identity: { user_id: "sha256:3f2a9c1b7e4d5a6f" },
    kinds: { "customer.phone": "phone", note: "string" },
  },
  { line: 3, at: 2, service: "billing", kinds: { "payment.pan": "card_number" } },
];

describe("privacy scan", () => {
  let engine: ChdbEngine;
  let section: PrivacySection;
  const rows = () => section.findings.map((f) => [f.source, f.kind, f.key, f.service, f.count]);

  beforeAll(async () => {
    engine = await ChdbEngine.open();
    await world().load(engine);
    for (const table of ["app_logs", "captures"]) await engine.exec(sql(`TRUNCATE TABLE ${table}`));
    await engine.insert(
      "app_logs",
      LOGS.map((l) => logRow(l, BASE_MS)),
    );
    await engine.insert("captures", [
      captureRow(
        { entry: 1, at: 0, metadata: { user_id: RAW_USER }, headers: { "x-user-id": "42" } },
        BASE_MS,
      ),
      captureRow({ entry: 2, at: 0, metadata: { tenant_id: "acme" } }, BASE_MS),
    ]);
    section = await privacyScan(engine);
  });
  afterAll(async () => {
    await engine.close();
  });

  it("finds personal data by source, kind, key and service", () => {
    expect(rows()).toEqual([
      ["span", "email", "app.customer_email", "support-bot", 2],
      ["capture", "raw_user_id", "header.x-user-id", "api.openai.com", 1],
      ["capture", "raw_user_id", "metadata.user_id", "api.openai.com", 1],
      ["log", "card_number", "payment.pan", "billing", 1],
      ["log", "email", "email", "billing", 1],
      ["log", "phone", "customer.phone", "billing", 1],
      ["log", "raw_user_id", "user_id", "billing", 1],
      ["span", "card_number", "tool.arguments", "support-bot", 1],
      ["span", "phone", "tool.arguments", "support-bot", 1],
      ["span", "raw_user_id", "user.id", "support-bot", 1],
    ]);
    expect(section.byKind).toEqual([
      { kind: "email", count: 3, keys: 2 },
      { kind: "phone", count: 2, keys: 2 },
      { kind: "card_number", count: 2, keys: 2 },
      { kind: "raw_user_id", count: 4, keys: 4 },
    ]);
    expect(section.scanned).toEqual({ spans: 2, logLines: 3, captures: 2 });
  });

  it("never returns a value", () => {
    const text = JSON.stringify(section);
    for (const value of [EMAIL, "jane", CARD, "4111", RAW_USER, "415", "svc-support"]) {
      expect(text).not.toContain(value);
    }
  });
});

describe("identity hashing", () => {
  it("hashes values with a salt, keeps placeholders and missing values", () => {
    expect(hashIdentity("acme")).toBe(hashIdentity("acme", ""));
    expect(hashIdentity("acme")).toMatch(/^h:[0-9a-f]{16}$/);
    expect(hashIdentity("acme", "s1")).not.toBe(hashIdentity("acme", "s2"));
    expect(hashIdentity("(untagged)", "s1")).toBe("(untagged)");
    expect(hashIdentity("unknown", "s1")).toBe("unknown");
    expect(hashIdentity(hashIdentity("acme"))).toBe(hashIdentity("acme"));
  });

  it("hashes the report's identity values, only for the layers asked", () => {
    const report = {
      recoverable: [
        { layer: "tenant" as const, values: [{ value: "acme", calls: 3 }] },
        { layer: "team" as const, values: [{ value: "search", calls: 1 }] },
      ],
      rollups: {
        teams: [{ key: "search", children: [{ key: "semantic-search", children: [] }] }],
        tenants: [{ key: "acme" }, { key: "(untagged)" }],
        teamDays: [{ key: "2026-10-05", team: "search" }],
      },
      retries: { byTeamService: [{ team: "search" }], topChains: [{ team: "(untagged)" }] },
    };
    const hashed = hashReportIdentities(report, { salt: "s", layers: ["tenant"] });
    const acme = hashIdentity("acme", "s");
    expect(hashed.recoverable.map((l) => l.values[0]?.value)).toEqual([acme, "search"]);
    expect(hashed.rollups.tenants.map((t) => t.key)).toEqual([acme, "(untagged)"]);
    expect(hashed.rollups.teams[0]?.key).toBe("search");
    expect(report.rollups.tenants[0]?.key).toBe("acme");
    const all = hashReportIdentities(report, { salt: "s" });
    expect(all.rollups.teams[0]?.key).toBe(hashIdentity("search", "s"));
    expect(all.rollups.teams[0]?.children[0]?.key).toBe("semantic-search");
    expect([
      all.rollups.teamDays[0]?.team,
      all.retries.byTeamService[0]?.team,
      all.retries.topChains[0]?.team,
    ]).toEqual([hashIdentity("search", "s"), hashIdentity("search", "s"), "(untagged)"]);
  });
});
