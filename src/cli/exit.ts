import { CommanderError } from "commander";
import { EngineError, SpendtrailError } from "../errors.js";
import type { Io } from "./io.js";

/** Process exit codes (DESIGN.md section 7); 70 is EX_SOFTWARE from sysexits.h. */
export const EXIT = { ok: 0, policy: 1, input: 2, internal: 70 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Turns an error into an exit code and a message on stderr. Bad input and usage are the
 * user's to fix (2, message only); anything else is our bug (70, stack under `--debug`).
 */
export function reportError(err: unknown, io: Io, debug: boolean): ExitCode {
  if (err instanceof CommanderError) return commanderExit(err);
  if (err instanceof SpendtrailError && !(err instanceof EngineError)) {
    io.stderr.write(`spendtrail: ${err.message}\n`);
    return EXIT.input;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(`spendtrail: internal error: ${message}\n`);
  if (err instanceof EngineError && debug) io.stderr.write(`SQL:\n${err.sql}\n`);
  if (debug && err instanceof Error && err.stack !== undefined) io.stderr.write(`${err.stack}\n`);
  else io.stderr.write("This is a bug in spendtrail; please report it (run with --debug for details).\n");
  return EXIT.internal;
}

/** Help and version exit 0; every parse error (unknown command/flag, bad value) exits 2. */
function commanderExit(err: CommanderError): ExitCode {
  return err.exitCode === 0 ? EXIT.ok : EXIT.input;
}
