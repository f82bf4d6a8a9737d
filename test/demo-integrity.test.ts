/**
 * Trace integrity and privacy on the demo workload: the checks must find exactly what the demo
 * planted (expected.json `integrity` and `privacy`, recounted from the generator's output), and
 * `spendtrail trace` must tell one multi-service request's story from the demo files.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type IntegritySection, integrityChecks } from "../src/analyses/integrity.js";
import { type PrivacySection, privacyScan } from "../src/analyses/privacy.js";
import type { Timeline } from "../src/analyses/timeline.js";
import { memoryIo } from "../src/cli/io.js";
import { run } from "../src/cli/main.js";
import type { integrityAnswer, privacyAnswer } from "../src/demo/expected-integrity.js";
import { DEMO_FILES, writeDemo } from "../src/demo/index.js";
import { ChdbEngine } from "../src/engine/chdb.js";

interface Planted {
  integrity: ReturnType<typeof integrityAnswer>;
  privacy: ReturnType<typeof privacyAnswer>;
}

const TELEMETRY = DEMO_FILES.filter((f) => f !== "prices.yaml" && f !== "expected.json");
/** A quarter of the default volume keeps the ingest quick; every plant is still there (src/demo/integrity-plants.test.ts checks them at scale 1). */
const SCALE = 0.25;

describe("demo: trace integrity, privacy and the trace timeline", () => {
  let dir: string;
  let planted: Planted;
  let integrity: IntegritySection;
  let privacy: PrivacySection;
  const check = (id: string) => integrity.checks.find((c) => c.check === id);
  const kinds = (id: string) => Object.fromEntries((check(id)?.kinds ?? []).map((k) => [k.kind, k.count]));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "spendtrail-demo-integrity-"));
    const written = await writeDemo(join(dir, "demo"), { scale: SCALE });
    planted = written.expected as unknown as Planted;
    const io = memoryIo();
    const code = await run(
      ["ingest", ...TELEMETRY.map((f) => join(dir, "demo", f)), "--db", join(dir, "db")],
      io,
    );
    expect(code, io.err()).toBe(0);
    const engine = await ChdbEngine.open({ dir: join(dir, "db") });
    try {
      integrity = await integrityChecks(engine);
      privacy = await privacyScan(engine);
    } finally {
      await engine.close();
    }
  }, 240_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("finds exactly the planted integrity problems", () => {
    const p = planted.integrity;
    expect([check("invalid_span_trace_id")?.count, kinds("invalid_span_trace_id")]).toEqual([
      p.invalid_span_trace_id.count,
      p.invalid_span_trace_id.kinds,
    ]);
    expect([check("invalid_log_trace_id")?.count, check("invalid_log_trace_id")?.recoverable]).toEqual([
      p.invalid_log_trace_id.count,
      p.invalid_log_trace_id.recoverable,
    ]);
    expect(kinds("invalid_log_trace_id")).toEqual(p.invalid_log_trace_id.kinds);
    expect([check("orphan_span")?.count, kinds("orphan_span")]).toEqual([
      p.orphan_span.count,
      p.orphan_span.kinds,
    ]);
    expect(check("queue_split")?.count).toBe(p.queue_split.count);
    expect(integrity.consumerRoots).toEqual({
      total: p.consumer_roots.total,
      linked: p.consumer_roots.linked,
      split: p.consumer_roots.split,
      producerNotFound: p.consumer_roots.producer_not_found,
    });
    expect(check("retry_new_trace")?.count).toBe(p.retry_new_trace.count);
    expect(check("log_unknown_trace")?.count).toBe(p.log_unknown_trace.count);
    expect(integrity.checked.logLines).toBe(p.log_lines);
  });

  it("names the responsible services", () => {
    const top = (id: string) => check(id)?.services.map((s) => s.service);
    expect(top("invalid_span_trace_id")).toEqual(["pdf-renderer", "sla-monitor"]);
    expect(top("orphan_span")).toEqual(["crm-api", "escalation-worker"]);
    expect(top("queue_split")).toEqual(["escalation-worker"]);
    expect(top("retry_new_trace")).toEqual(["sla-monitor"]);
    expect(top("log_unknown_trace")).toEqual(["notification-service"]);
    expect(top("invalid_log_trace_id")).toEqual([
      "ai-gateway",
      "search-api",
      "sla-monitor",
      "escalation-worker",
    ]);
  });

  it("finds exactly the planted personal data, by key, service and count", () => {
    const found = privacy.findings.map((f) => ({
      source: f.source,
      kind: f.kind,
      key: f.key,
      service: f.service,
      count: f.count,
    }));
    expect(found).toEqual(planted.privacy);
  });

  it("tells a multi-service request's story with `spendtrail trace`", async () => {
    const split = check("queue_split")?.examples[0];
    if (split?.traceId == null || split.relatedTraceId === null) throw new Error("no queue split example");
    const io = memoryIo();
    const code = await run(["trace", split.relatedTraceId, "--db", join(dir, "db"), "--format", "json"], io);
    expect(code, io.err()).toBe(0);
    const producer = JSON.parse(io.out()) as Timeline;
    expect(producer.services).toEqual(["support-bot"]);
    const publish = producer.events.find((e) => e.operation === "ticket-escalations publish");
    expect(publish?.related).toEqual([
      { relation: "message_to", traceId: split.traceId, service: "escalation-worker" },
    ]);

    const worker = memoryIo();
    expect(await run(["trace", split.traceId, "--db", join(dir, "db")], worker)).toBe(0);
    const text = worker.out();
    expect(text).toContain(`message from trace ${split.relatedTraceId} (support-bot)`);
    expect(text).toContain("services: escalation-worker, litellm-spendlogs, litellm-proxy\n");
  });
});
