import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LOG_PLANTS } from "./app-logs.js";
import { integrityAnswer, privacyAnswer } from "./expected-integrity.js";
import { generateDemo } from "./generate.js";
import { capturedCalls } from "./har.js";
import { INTEGRITY_PLANTS } from "./integrity-catalog.js";
import { LEGACY_PLANTS } from "./legacy-spans.js";

/** expected.json's integrity and privacy answer is recounted from the output: it must equal what was planted. */
describe("demo integrity and privacy plants", () => {
  const workload = generateDemo();
  const answer = integrityAnswer(workload);
  const p = INTEGRITY_PLANTS;

  it("plants spans with bad trace ids, orphans, queue splits and retries in new traces", () => {
    expect(answer).toMatchObject({
      invalid_span_trace_id: {
        count: 5,
        kinds: { empty: LEGACY_PLANTS.allZeros, wrong_length: LEGACY_PLANTS.wrongLength },
      },
      orphan_span: { count: 7, kinds: { local_parent: p.droppedParents, remote_parent: p.crmCalls } },
      queue_split: { count: p.unlinkedEscalations },
      consumer_roots: { linked: p.linkedEscalations, split: p.unlinkedEscalations },
      retry_new_trace: { count: p.retriedJobs },
      log_unknown_trace: { count: p.unlinkedEscalations + p.linkedEscalations },
    });
  });

  it("plants log lines with truncated, re-formatted, all-zero and missing trace ids", () => {
    const slaJobs = p.slaJobs + p.retriedJobs;
    const gatewaySpans = workload.spans.filter((s) => s.service.name === "ai-gateway").length;
    expect(answer.invalid_log_trace_id.kinds).toEqual({
      truncated: LOG_PLANTS.ellipsis + LOG_PLANTS.cut,
      non_canonical: gatewaySpans + p.unlinkedEscalations + p.linkedEscalations,
      all_zeros: slaJobs,
      missing: LOG_PLANTS.restarts,
    });
    expect(answer.invalid_log_trace_id.recoverable).toBe(
      answer.invalid_log_trace_id.count - slaJobs - LOG_PLANTS.restarts,
    );
  });

  it("captures the README's example trace (the first search-api request with a 429 retry)", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const first = capturedCalls(workload)[0]?.traceId ?? "";
    expect(readme).toContain(`$ spendtrail trace ${first.slice(0, 16)} --db demo-db\ntrace ${first}\n`);
  });

  it("plants personal data in span attributes and log fields", () => {
    expect(privacyAnswer(workload).map((r) => [r.source, r.kind, r.key, r.service, r.count])).toEqual([
      ["log", "email", "to", "notification-service", 9],
      ["log", "raw_user_id", "user_id", "notification-service", 9],
      ["span", "email", "app.customer_email", "escalation-worker", p.emails],
      ["span", "raw_user_id", "user.id", "escalation-worker", p.rawUserIds],
      ["log", "phone", "customer_phone", "escalation-worker", LOG_PLANTS.phones],
    ]);
  });
});
