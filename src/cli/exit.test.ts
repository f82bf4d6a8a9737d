import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { ConfigError, EngineError, InputError } from "../errors.js";
import { EXIT, reportError } from "./exit.js";
import { memoryIo } from "./io.js";

describe("reportError", () => {
  it("bad input and usage exit 2 with the message only", () => {
    const io = memoryIo();
    expect(reportError(new ConfigError("contract.yaml: keys.team: expected an array"), io, true)).toBe(
      EXIT.input,
    );
    expect(reportError(new InputError("E_INPUT_UNREADABLE", "a.jsonl", "permission denied"), io, false)).toBe(
      2,
    );
    expect(io.err()).toBe(
      "spendtrail: contract.yaml: keys.team: expected an array\nspendtrail: a.jsonl: permission denied\n",
    );
  });

  it("help and version exit 0; commander parse errors exit 2", () => {
    const io = memoryIo();
    expect(reportError(new CommanderError(0, "commander.helpDisplayed", "(outputHelp)"), io, false)).toBe(0);
    expect(
      reportError(new CommanderError(1, "commander.unknownOption", "error: unknown option '--x'"), io, false),
    ).toBe(2);
    expect(io.err()).toBe("");
  });

  it("an unexpected error exits 70: stack and SQL only under --debug", () => {
    const quiet = memoryIo();
    expect(reportError(new TypeError("x is undefined"), quiet, false)).toBe(EXIT.internal);
    expect(quiet.err()).toBe(
      "spendtrail: internal error: x is undefined\n" +
        "This is a bug in spendtrail; please report it (run with --debug for details).\n",
    );
    const debug = memoryIo();
    expect(reportError(new EngineError("Code: 62. Syntax error", "SELECT 1 FORM t"), debug, true)).toBe(70);
    expect(debug.err()).toMatch(
      /^spendtrail: internal error: Code: 62\. Syntax error\nSQL:\nSELECT 1 FORM t\nEngineError: .*\n\s+at /,
    );
  });
});
