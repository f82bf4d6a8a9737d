import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memoryIo } from "../../src/cli/io.js";
import { run } from "../../src/cli/main.js";
import type { ExpectedAnswer } from "../../src/demo/index.js";
import type { AuditReport } from "../../src/reports/model.js";

export interface DemoRun {
  dir: string;
  code: number;
  stdout: string;
  stderr: string;
  report: AuditReport;
  expected: ExpectedAnswer;
  html: string;
}

/** Runs `spendtrail demo` in process into a fresh temporary directory and reads what it wrote. */
export async function runDemo(...extra: string[]): Promise<DemoRun> {
  const dir = join(mkdtempSync(join(tmpdir(), "spendtrail-demo-test-")), "out");
  const io = memoryIo();
  const code = await run(["demo", "--out", dir, ...extra], io);
  const read = (name: string) => readFileSync(join(dir, name), "utf8");
  return {
    dir,
    code,
    stdout: io.out(),
    stderr: io.err(),
    report: JSON.parse(read("report.json")) as AuditReport,
    expected: JSON.parse(read("expected.json")) as ExpectedAnswer,
    html: read("report.html"),
  };
}
