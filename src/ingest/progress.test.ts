import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { openInput } from "../formats/source.js";
import { PROGRESS_STEP_BYTES, withProgress } from "./progress.js";

const dir = mkdtempSync(join(tmpdir(), "spendtrail-progress-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 10 000 lines of 1 001 characters plus the newline: 10.02 MB, so two 4 MiB steps.
const line = `{"resourceSpans":[],"pad":"${"x".repeat(972)}"}`;
const text = `${Array.from({ length: 10_000 }, () => line).join("\n")}\n`;

describe("withProgress", () => {
  it("reports the bytes a line reader consumed, once per step", async () => {
    const file = join(dir, "big.jsonl");
    writeFileSync(file, text);
    const reports: number[] = [];
    const input = withProgress(await openInput(file), (bytes) => reports.push(bytes));
    let lines = 0;
    for await (const _ of input.lines()) lines += 1;
    expect(lines).toBe(10_000);
    expect(reports).toEqual([4186 * 1002, 8372 * 1002]);
    expect(reports.every((b, i) => b - (reports[i - 1] ?? 0) >= PROGRESS_STEP_BYTES)).toBe(true);
  });

  it("counts stream bytes and still passes on the error of a gzip that ends early", async () => {
    const file = join(dir, "cut.jsonl.gz");
    const gz = gzipSync(text);
    writeFileSync(file, gz.subarray(0, Math.floor(gz.length / 2)));
    const reports: number[] = [];
    const input = withProgress(await openInput(file), (bytes) => reports.push(bytes));
    let bytes = 0;
    const read = async (): Promise<void> => {
      for await (const chunk of input.stream()) bytes += (chunk as Buffer).length;
    };
    await expect(read()).rejects.toThrow(/unexpected end of file/);
    expect(bytes).toBeGreaterThan(0);
    expect(reports.every((b) => b <= bytes)).toBe(true);
  });
});
