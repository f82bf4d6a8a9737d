import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DEMO_FILES, type DemoFile, writeDemo } from "../demo/index.js";
import { SpendtrailError } from "../errors.js";
import { buildAuditReport } from "../reports/build.js";
import { inputsFromIngest } from "../reports/inputs.js";
import { renderJson } from "../reports/renderers.js";
import { hashedIfAsked } from "./audit.js";
import { EXIT } from "./exit.js";
import { commandInputs, withInputs } from "./inputs.js";
import type { Io } from "./io.js";
import type { OptionValues } from "./program.js";
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
  // No flags: the built-in contract over a temporary database.
  const inputs = await commandInputs(
    "demo",
    TELEMETRY.map((f) => join(out, f)),
    {},
  );
  await withInputs(inputs, io, async (engine, summary) => {
    const built = await buildAuditReport(engine, {
      contract: inputs.contract,
      prices: [join(out, "prices.yaml")],
      ...(summary && { inputs: inputsFromIngest(summary) }),
    });
    const report = hashedIfAsked(built, options);
    await emitReport(report, { format: "terminal", html }, io);
    await writeFile(json, renderJson(report), "utf8");
  });
  const expected = join(out, "expected.json");
  io.stderr.write(
    `\nwrote ${html} (open it in a browser) and ${json}; the planted answer is in ${expected}\n`,
  );
  return EXIT.ok;
}
