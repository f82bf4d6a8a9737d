import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import type { Io } from "./io.js";
import { COMMANDS, type CommandName, GLOBAL_OPTIONS, type OptionSpec } from "./options.js";

/** Parsed option values of one command, global options included. */
export type OptionValues = Readonly<Record<string, unknown>>;

/** Runs one command and returns its exit code; throws for errors `exit.ts` maps. */
export type Handler = (args: readonly unknown[], options: OptionValues, io: Io) => Promise<number>;

/** Extra help printed after a command's options (e.g. the list of formats). */
export type HelpTexts = Partial<Record<CommandName, () => string>>;

/** Same path from src/cli and dist/cli. */
const PACKAGE_JSON = new URL("../../package.json", import.meta.url);

/**
 * Builds the commander program from the options table. Commander never exits the process:
 * its errors are thrown (`exitOverride`) and mapped by `exit.ts`; its output goes to `io`.
 */
export function buildProgram(
  io: Io,
  handlers: Record<CommandName, Handler>,
  helpTexts: HelpTexts,
  setExitCode: (code: number) => void,
): Command {
  const program = new Command("spendtrail")
    .description("Find out who spent what on LLM calls, and where that answer got lost.")
    .version(packageVersion(), "-V, --version", "print the version")
    .helpOption("-h, --help", "print help")
    .helpCommand(false)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError("(add --help for usage)")
    .showSuggestionAfterError(true);
  for (const spec of GLOBAL_OPTIONS) program.addOption(toOption(spec));
  for (const name of Object.keys(COMMANDS) as CommandName[]) {
    const spec = COMMANDS[name];
    const command = program
      .command(name)
      .summary(spec.summary)
      .description(spec.summary)
      .allowExcessArguments(false);
    if (spec.args !== "") command.argument(spec.args);
    for (const option of spec.options) command.addOption(toOption(option));
    const help = helpTexts[name];
    if (help !== undefined) command.addHelpText("after", () => `\n${help()}`);
    command.action(async (...received: unknown[]) => {
      const self = received.at(-1) as Command;
      setExitCode(await handlers[name](self.processedArgs as unknown[], self.optsWithGlobals(), io));
    });
  }
  return program;
}

function toOption(spec: OptionSpec): Option {
  const option = new Option(spec.flags, spec.description);
  if (spec.choices !== undefined) option.choices(spec.choices);
  if (spec.defaultValue !== undefined) option.default(spec.defaultValue);
  return option;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(PACKAGE_JSON, "utf8")) as { version?: unknown };
  return typeof pkg.version === "string" ? pkg.version : "0.0.0";
}
