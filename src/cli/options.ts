import { CALL_RENDERERS, INGEST_RENDERERS } from "./renderers.js";

/** One command-line option: its flags as commander spells them, and its help. */
export interface OptionSpec {
  readonly flags: string;
  readonly description: string;
  readonly choices?: readonly string[];
  readonly defaultValue?: string;
}

/** One command: positional arguments, one-line summary, options, and optional help text after them. */
export interface CommandSpec {
  readonly args: string;
  readonly summary: string;
  readonly options: readonly OptionSpec[];
}

const DB_HELP =
  "database directory to keep (created when missing); without it a temporary database is used and removed at exit";

/**
 * The options table: parsing and `--help` are both built from it, so what the help says is
 * what the parser accepts. Format choices come from the renderer registries.
 */
export const COMMANDS = {
  ingest: {
    args: "<paths...>",
    summary:
      "read telemetry files or directories (recursively; .gz transparently) into the database and normalise them into calls",
    options: [
      { flags: "--db <dir>", description: `${DB_HELP}, so ingest then only prints its summary` },
      {
        flags: "--contract <file>",
        description: "identity contract (YAML or JSON) instead of the built-in one",
      },
      {
        flags: "--map <file>",
        description:
          "column mapping (YAML or JSON) for gateway logs in a layout no reader knows: files with the mapped columns, and files no reader claims, are read through it",
      },
      {
        flags: "--keep-content",
        description: "keep prompt and completion text on spans (dropped by default)",
      },
      {
        flags: "--format <format>",
        description: "summary output",
        choices: Object.keys(INGEST_RENDERERS),
        defaultValue: "table",
      },
    ],
  },
  calls: {
    args: "",
    summary: "list the normalised LLM calls in a database filled by `spendtrail ingest --db DIR`",
    options: [
      {
        flags: "--db <dir>",
        description: "database directory written by `spendtrail ingest --db DIR` (required)",
      },
      {
        flags: "--where <filters>",
        description:
          "only calls matching all of these comma-separated key=value pairs, e.g. team=search,model=gpt-4o",
      },
      {
        flags: "--format <format>",
        description: "output format",
        choices: Object.keys(CALL_RENDERERS),
        defaultValue: "table",
      },
      { flags: "--limit <n>", description: "at most N calls (0 = all)", defaultValue: "100" },
    ],
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

/** Options every command accepts. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { flags: "--debug", description: "on an internal error, print the stack trace (and the SQL)" },
];
