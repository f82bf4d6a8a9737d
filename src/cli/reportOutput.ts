import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import type { Engine } from "../engine/engine.js";
import { SpendtrailError } from "../errors.js";
import { diffBatches, diffCsvHeader, diffCsvLine, diffFormatOf, diffJsonLine } from "../reports/diff.js";
import type { AuditReport } from "../reports/model.js";
import { RENDERERS, type RendererName } from "../reports/renderers.js";
import { renderTerminal } from "../reports/terminal.js";
import type { Io } from "./io.js";
import type { OptionValues } from "./program.js";

/** The output flags `audit` and `report` share: `--format`, `--html FILE`, `--diff FILE`. */
export interface ReportOutput {
  format: RendererName;
  html?: string;
  diff?: string;
}

/** Reads and checks the output flags before any work is done. */
export function reportOutput(options: OptionValues): ReportOutput {
  const html = typeof options.html === "string" ? options.html : undefined;
  const diff = typeof options.diff === "string" ? options.diff : undefined;
  if (diff !== undefined && diffFormatOf(diff) === null) {
    throw new SpendtrailError(
      "E_USAGE",
      `--diff ${diff}: name a .jsonl or .csv file (the format follows the extension)`,
    );
  }
  return { format: options.format as RendererName, ...(html && { html }), ...(diff && { diff }) };
}

/** Writes the per-call diff to `path` batch by batch (JSONL or CSV by extension). */
export async function writeDiff(engine: Engine, path: string): Promise<number> {
  const csv = diffFormatOf(path) === "csv";
  const out = createWriteStream(path, { encoding: "utf8" });
  try {
    await once(out, "open");
  } catch (err) {
    throw new SpendtrailError("E_USAGE", `--diff ${path}: cannot write there (${(err as Error).message})`);
  }
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  let rows = 0;
  try {
    if (csv) await write(diffCsvHeader());
    for await (const batch of diffBatches(engine)) {
      await write(batch.map(csv ? diffCsvLine : diffJsonLine).join(""));
      rows += batch.length;
    }
  } finally {
    out.end();
    await once(out, "close");
  }
  return rows;
}

/** Prints the report in `--format` on stdout and writes the `--html` file. */
export async function emitReport(report: AuditReport, output: ReportOutput, io: Io): Promise<void> {
  const text =
    output.format === "terminal"
      ? renderTerminal(report, { color: io.color === true })
      : RENDERERS[output.format](report);
  io.stdout.write(text);
  if (output.html !== undefined) await writeFile(output.html, RENDERERS.html(report), "utf8");
}
