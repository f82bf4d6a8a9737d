import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadContract } from "../contract/index.js";
import { DEMO_FILES, type DemoFile, writeDemo } from "../demo/index.js";
import { SpendtrailError } from "../errors.js";
import { ingestFiles } from "../ingest/index.js";
import { buildAuditReport } from "../reports/build.js";
import { inputsFromIngest } from "../reports/inputs.js";
import { renderJson } from "../reports/renderers.js";
import { withDb } from "./db.js";
import { EXIT } from "./exit.js";
import type { Io } from "./io.js";
import type { OptionValues } from "./program.js";
import { progressLine } from "./progress.js";
import { emitReport } from "./reportOutput.js";

/** Demo files that are telemetry (the audit's input); prices.yaml and expected.json are not. */
const TELEMETRY: readonly DemoFile[] = DEMO_FILES.filter((f) => f !== "prices.yaml" && f !== "expected.json");

function numberOption(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== "string" || value.trim() === "" || !Number.isFinite(n)) {
    throw new SpendtrailError("E_USAGE", `--${name} ${String(value)}: expected a number`);
  }
  return n;
}

/**
 * `spendtrail demo`: writes the demo workload (three weeks of a made-up company's LLM
 * traffic with planted failures), audits it in a temporary database priced with its
 * prices.yaml, prints the terminal report and writes report.html and report.json beside
 * the data. expected.json holds the planted answer to compare with.
 */
export async function demoCommand(_args: readonly unknown[], options: OptionValues, io: Io): Promise<number> {
  const out = typeof options.out === "string" ? options.out : "spendtrail-demo";
  const seed = numberOption("seed", options.seed);
  const scale = numberOption("scale", options.scale);
  io.stderr.write(`writing the demo workload to ${out}/ ...\n`);
  await writeDemo(out, { ...(seed !== undefined && { seed }), ...(scale !== undefined && { scale }) });
  const html = join(out, "report.html");
  const json = join(out, "report.json");
  const progress = io.isTTY ? progressLine(io) : undefined;
  const contract = await loadContract();
  await withDb(undefined, false, async (engine) => {
    const paths = TELEMETRY.map((f) => join(out, f));
    const summary = await ingestFiles(engine, paths, {
      contract,
      ...(progress && { onProgress: progress.update }),
    });
    progress?.clear();
    const report = await buildAuditReport(engine, {
      contract,
      prices: [join(out, "prices.yaml")],
      inputs: inputsFromIngest(summary),
    });
    await emitReport(report, { format: "terminal", html }, io);
    await writeFile(json, renderJson(report), "utf8");
  });
  const expected = join(out, "expected.json");
  io.stderr.write(
    `\nwrote ${html} (open it in a browser) and ${json}; the planted answer is in ${expected}\n`,
  );
  return EXIT.ok;
}
