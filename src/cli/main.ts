#!/usr/bin/env node
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { alertsCommand } from "./alerts.js";
import { auditCommand, reportCommand } from "./audit.js";
import { backfillCommand } from "./backfill.js";
import { callsCommand } from "./calls.js";
import { checkCommand } from "./check.js";
import { demoCommand } from "./demo.js";
import { EXIT, reportError } from "./exit.js";
import { exportCommand } from "./export.js";
import { callsHelp, formatsHelp } from "./help.js";
import { ingestCommand } from "./ingest.js";
import type { Io } from "./io.js";
import { priceCommand } from "./price.js";
import { buildProgram } from "./program.js";
import { reconcileCommand } from "./reconcile.js";
import { traceCommand } from "./trace.js";

export type { Io } from "./io.js";

/**
 * Runs the CLI in process: `argv` without the node and script paths. Resolves to the exit
 * code (0 ok, 1 policy gate, 2 bad input or usage, 70 internal error); never throws.
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(
    io,
    {
      ingest: ingestCommand,
      calls: callsCommand,
      audit: auditCommand,
      report: reportCommand,
      price: priceCommand,
      demo: demoCommand,
      alerts: alertsCommand,
      check: checkCommand,
      export: exportCommand,
      backfill: backfillCommand,
      reconcile: reconcileCommand,
      trace: traceCommand,
    },
    { ingest: formatsHelp, calls: callsHelp },
    (c) => {
      code = c;
    },
  );
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (err) {
    return reportError(err, io, program.opts().debug === true);
  }
  return code;
}

function isMain(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isMain()) {
  // `spendtrail calls | head` closes stdout early: that is not an error.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(EXIT.ok);
    throw err;
  });
  const io: Io = {
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: process.stderr.isTTY === true,
    color: process.stdout.isTTY === true && !process.env.NO_COLOR,
  };
  process.exitCode = await run(process.argv.slice(2), io);
}
