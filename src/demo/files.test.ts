import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { SPEND_LOG_COLUMNS } from "./litellm-tables.js";
import type { RenderedDemo } from "./write.js";
import { DEMO_FILES, renderDemo, writeDemo } from "./write.js";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Parses psql CSV keeping NULL (unquoted empty) apart from the empty string (`""`). */
function readCsv(text: string): Record<string, string | null>[] {
  return parse(text, {
    columns: true,
    cast: (value, context) => (value === "" && !context.quoting ? null : value),
  }) as Record<string, string | null>[];
}

/**
 * Hash of every demo file for the default seed and scale. A change to the generator changes
 * it on purpose: check the new expected.json, then update this value.
 */
const DEFAULT_DEMO_SHA256 = "f8851342b32df280e18fb634ce94e4b22f9bf0d6ebe20c28fad78346953e919f";

describe("demo files", () => {
  let demo: RenderedDemo;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "spendtrail-demo-"));
    await writeDemo(dir);
    demo = renderDemo();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes every file with the bytes renderDemo produces", async () => {
    for (const name of DEMO_FILES) expect(await readFile(join(dir, name), "utf8")).toBe(demo.files[name]);
  });

  it("is deterministic: same seed, same bytes; another seed, other bytes", () => {
    const digest = (files: RenderedDemo["files"]) => sha256(DEMO_FILES.map((f) => sha256(files[f])).join(""));
    expect(digest(renderDemo().files)).toBe(digest(demo.files));
    expect(digest(demo.files)).toBe(DEFAULT_DEMO_SHA256);
    expect(sha256(renderDemo({ seed: 7 }).files["traces.otlp.jsonl"])).not.toBe(
      sha256(demo.files["traces.otlp.jsonl"]),
    );
  });

  it("writes OTLP/JSON lines in the Collector file exporter shape", () => {
    const lines = demo.files["traces.otlp.jsonl"].trimEnd().split("\n");
    let spans = 0;
    for (const line of lines) {
      const doc = JSON.parse(line);
      for (const rs of doc.resourceSpans) {
        expect(rs.resource.attributes.find((a: { key: string }) => a.key === "service.name")).toBeDefined();
        for (const ss of rs.scopeSpans) {
          for (const span of ss.spans) {
            spans += 1;
            expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
            expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
            expect(span.parentSpanId ?? "0000000000000000").toMatch(/^[0-9a-f]{16}$/);
            expect([1, 2, 3, 4, 5]).toContain(span.kind);
            expect(span.startTimeUnixNano).toMatch(/^17\d{17}$/);
            expect(BigInt(span.endTimeUnixNano) >= BigInt(span.startTimeUnixNano)).toBe(true);
            for (const a of span.attributes) {
              if ("intValue" in a.value) expect(a.value.intValue).toMatch(/^-?\d+$/);
            }
          }
        }
      }
    }
    expect(spans).toBe(demo.expected.counts.spans);
  });

  it("writes LiteLLM_SpendLogs as psql CSV: columns, JSON text, NULLs, hashed keys, naive UTC times", () => {
    const rows = readCsv(demo.files["litellm_spendlogs.csv"]);
    const keys = readCsv(demo.files["litellm_verificationtoken.csv"]);
    const tokens = new Set(keys.map((k) => k.token));
    expect(Object.keys(rows[0] ?? {})).toEqual([...SPEND_LOG_COLUMNS]);
    expect(rows).toHaveLength(demo.expected.counts.ledger_calls);
    const time = /^2026-10-\d\d \d\d:\d\d:\d\d(\.\d{1,3})?$/;
    for (const row of rows) {
      expect(tokens.has(row.api_key)).toBe(true);
      expect(row.api_key).toMatch(/^[0-9a-f]{64}$/);
      expect(row.startTime).toMatch(time);
      expect(row.endTime).toMatch(time);
      for (const col of ["metadata", "request_tags", "messages", "response", "proxy_server_request"]) {
        expect(() => JSON.parse(row[col] ?? "")).not.toThrow();
      }
      expect(Number(row.spend)).toBeGreaterThanOrEqual(0);
      expect(row.organization_id).toBeNull();
      expect(row.cache_key).not.toBeNull();
    }
  });

  it("writes the key and team tables; only the master key has no team", () => {
    const keys = readCsv(demo.files["litellm_verificationtoken.csv"]);
    expect(keys.filter((k) => k.team_id === null).map((k) => k.key_alias)).toEqual(["proxy-admin"]);
    const teams = readCsv(demo.files["litellm_teamtable.csv"]);
    expect(teams.map((t) => t.team_id)).toEqual(["search", "support", "growth", "platform"]);
  });

  it("writes a price table in the simple YAML format with one mid-period change", () => {
    const { models } = YAML.parse(demo.files["prices.yaml"]) as { models: Record<string, unknown>[] };
    for (const m of models) {
      expect(Object.keys(m)).toEqual(
        expect.arrayContaining(["model", "provider", "input_per_mtok", "output_per_mtok"]),
      );
    }
    const dated = models.filter((m) => m.model === "claude-sonnet-4-5").map((m) => m.effective_from);
    expect(dated).toEqual(["2025-09-29", "2026-10-15"]);
  });

  it("rejects a seed or scale it cannot honour with a usage error", () => {
    expect(() => renderDemo({ seed: 1.5 })).toThrow(expect.objectContaining({ code: "E_USAGE" }));
    expect(() => renderDemo({ scale: 0 })).toThrow(/scale must be a number above 0/);
  });

  it("scales volume with the scale option", () => {
    const big = renderDemo({ scale: 2 }).expected;
    const ratio = big.counts.calls / demo.expected.counts.calls;
    expect(ratio).toBeGreaterThan(1.8);
    expect(ratio).toBeLessThan(2.2);
    expect(big.modes.master_key_fallback.calls).toBe(48);
  });
});
