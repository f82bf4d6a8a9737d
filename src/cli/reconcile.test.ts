import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ReconcileSection } from "../analyses/reconcileTypes.js";
import { memoryIo } from "./io.js";
import { run } from "./main.js";

const SPEND_LOGS = "samples/litellm-spendlogs.csv";
const dir = mkdtempSync(join(tmpdir(), "spendtrail-reconcile-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** OpenAI usage for one UTC day (epoch seconds), grouped by model, as the Usage API pages it. */
function openaiUsage(name: string, dayStart: number): string {
  const result = (model: string, input: number, output: number, requests: number) => ({
    object: "organization.usage.completions.result",
    input_tokens: input,
    output_tokens: output,
    num_model_requests: requests,
    model,
    input_cached_tokens: 0,
  });
  // The sample's five OpenAI rows of 2026-10-14: 2410 + 5120 + 6033 in, 655 + 940 + 1204 out; 1834 + 912, 212 + 96.
  const results = [
    result("gpt-4o-2024-08-06", 13563, 2799, 3),
    result("gpt-4o-mini-2024-07-18", 2746, 308, 2),
  ];
  const page = {
    object: "page",
    data: [{ object: "bucket", start_time: dayStart, end_time: dayStart + 86400, results }],
  };
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ ...page, has_more: false, next_page: null }));
  return path;
}

async function reconcile(...args: string[]) {
  const io = memoryIo();
  const code = await run(["reconcile", ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe("spendtrail reconcile", () => {
  it("finds the sample ledger and the OpenAI export in agreement (JSON)", async () => {
    const usage = openaiUsage("usage-2026-10-14.json", Date.UTC(2026, 9, 14) / 1000);
    const { code, out } = await reconcile(SPEND_LOGS, usage, "--format", "json");
    expect(code).toBe(0);
    const section = JSON.parse(out) as ReconcileSection;
    const [openai] = section.providers;
    expect(openai?.total.gap).toEqual({
      requests: 0,
      tokens: { uncachedInput: 0, cacheRead: 0, cacheWrite: 0, output: 0, total: 0 },
      spend: "0",
    });
    expect(openai?.total.healthy).toBe(true);
    expect(openai?.rows.map((r) => r.model)).toEqual(["gpt-4o", "gpt-4o-mini"]);
    // The Anthropic row has no export to compare with: said, not an error.
    expect(section.problems.map((p) => [p.code, p.severity, p.provider])).toEqual([
      ["providers_without_usage", "info", "anthropic"],
    ]);
  });

  it("exits 2 naming both windows when the export is for other days", async () => {
    const usage = openaiUsage("usage-2026-09-14.json", Date.UTC(2026, 8, 14) / 1000);
    const { code, out } = await reconcile(SPEND_LOGS, usage);
    expect(code).toBe(2);
    expect(out).toContain(
      "error: the openai usage export covers 2026-09-14 to 2026-09-14 but the ledger covers 2026-10-14 to 2026-10-14",
    );
  });

  it("needs input paths or --db", async () => {
    const { code, err } = await reconcile();
    expect(code).toBe(2);
    expect(err).toContain(
      "reconcile: give input files or directories, --gateway postgres://..., or --db DIR",
    );
  });
});
