import { ALERT_RENDERERS } from "../alerts/render.js";
import { DEFAULT_SEED } from "../demo/index.js";
import { RENDERERS } from "../reports/renderers.js";
import { PRICE_RENDERERS } from "./priceText.js";
import { RECONCILE_RENDERERS } from "./reconcileText.js";
import { CALL_RENDERERS, INGEST_RENDERERS } from "./renderers.js";
import { TRACE_RENDERERS } from "./trace.js";

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

/** `--db DIR` of a command that reads inputs; `note` says what keeping it is for. */
function dbOption(note = "; with no paths or --gateway, the data kept there"): OptionSpec {
  return { flags: "--db <dir>", description: `${DB_HELP}${note}` };
}

const CONTRACT_OPTION: OptionSpec = {
  flags: "--contract <file>",
  description: "identity contract (YAML or JSON) instead of the built-in one",
};

const PRICES_OPTION: OptionSpec = {
  flags: "--prices <files...>",
  description:
    "price files (LiteLLM model_prices JSON, or a YAML/JSON table per million tokens with optional effective_from) over the built-in rate card; later files win",
};

const GATEWAY_OPTION: OptionSpec = {
  flags: "--gateway <url>",
  description:
    "also read a live LiteLLM database (its DATABASE_URL; ?schema=NAME if not public): LiteLLM_SpendLogs for the --from/--to window where the command has one (default the last 30 days), LiteLLM_VerificationToken and LiteLLM_TeamTable, read-only",
};

const MAP_OPTION: OptionSpec = {
  flags: "--map <file>",
  description:
    "column mapping (YAML or JSON) for gateway logs in a layout no reader knows: files with the mapped columns, and files no reader claims, are read through it",
};

/**
 * What every command that reads data takes besides its paths; src/cli/inputs.ts reads them
 * (`commandInputs`), so they mean the same everywhere.
 */
function inputOptions(dbNote?: string): readonly OptionSpec[] {
  return [dbOption(dbNote), GATEWAY_OPTION, CONTRACT_OPTION, MAP_OPTION];
}

/** `--from/--to` when they only bound the `--gateway` window (`ingest`, `backfill`). */
const WINDOW_OPTIONS: readonly OptionSpec[] = [
  { flags: "--from <date>", description: "start of the --gateway window: a UTC day or ISO instant" },
  {
    flags: "--to <date>",
    description: "end of the --gateway window (a day YYYY-MM-DD includes that day; default now)",
  },
];

/** `--from/--to` when they bound the calls a command looks at (and the `--gateway` window). */
const PERIOD_OPTIONS: readonly OptionSpec[] = [
  {
    flags: "--from <date>",
    description:
      "only calls that started at or after this UTC day or ISO instant (also the --gateway window)",
  },
  {
    flags: "--to <date>",
    description: "only calls that started before this ISO instant (a day YYYY-MM-DD includes that day)",
  },
];

/** `--hash-identities` of the reports: tenant, team and workload values as salted hashes. */
const HASH_OPTIONS: readonly OptionSpec[] = [
  {
    flags: "--hash-identities",
    description: "show identity values (tenants, teams, workloads) as salted hashes (h:...) in the report",
  },
  { flags: "--salt <salt>", description: "salt of --hash-identities (default none)" },
];

/** Output and period options of `audit` and `report`. */
const REPORT_OPTIONS: readonly OptionSpec[] = [
  PRICES_OPTION,
  {
    flags: "--format <format>",
    description: "report output on stdout",
    choices: Object.keys(RENDERERS).filter((name) => name !== "html"),
    defaultValue: "terminal",
  },
  { flags: "--html <file>", description: "also write the report as one self-contained HTML file" },
  { flags: "--diff <file>", description: "also write the per-call diff, as JSONL (.jsonl) or CSV (.csv)" },
  ...PERIOD_OPTIONS,
  ...HASH_OPTIONS,
];

/**
 * The options table: parsing and `--help` are both built from it, so what the help says is
 * what the parser accepts. Format choices come from the renderer registries.
 */
export const COMMANDS = {
  ingest: {
    args: "[paths...]",
    summary:
      "read telemetry files or directories (recursively; .gz transparently) into the database and normalise them into calls",
    options: [
      ...inputOptions(", so ingest then only prints its summary"),
      ...WINDOW_OPTIONS,
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
  audit: {
    args: "[paths...]",
    summary:
      "read telemetry files (and/or --gateway), then report who spent what, how much spend lost its identity, where, and what to fix",
    options: [...inputOptions(), ...REPORT_OPTIONS],
  },
  report: {
    args: "",
    summary: "re-run the audit report on the data kept by `spendtrail ingest --db DIR` or `audit --db DIR`",
    options: [
      { flags: "--db <dir>", description: "database directory to read (required)" },
      CONTRACT_OPTION,
      ...REPORT_OPTIONS,
    ],
  },
  price: {
    args: "",
    summary: "show the rates in force for a model on a day and where they came from",
    options: [
      { flags: "--model <model>", description: "model as calls name it, e.g. gpt-4o-2024-08-06 (required)" },
      { flags: "--provider <provider>", description: "provider as calls name it (openai, anthropic, ...)" },
      {
        flags: "--at <date>",
        description: "UTC day (YYYY-MM-DD) or ISO instant whose rates to show (default today)",
      },
      PRICES_OPTION,
      {
        flags: "--format <format>",
        description: "output format",
        choices: Object.keys(PRICE_RENDERERS),
        defaultValue: "table",
      },
    ],
  },
  demo: {
    args: "",
    summary:
      "write a demo workload with a planted answer (three weeks of a made-up company's LLM traffic), audit it, and write report.html",
    options: [
      {
        flags: "--out <dir>",
        description: "directory for the demo files and the report",
        defaultValue: "spendtrail-demo",
      },
      {
        flags: "--scale <n>",
        description: "volume multiplier, above 0 and at most 100 (about 3,800 calls per unit)",
        defaultValue: "1",
      },
      {
        flags: "--seed <n>",
        description: "random seed: the same seed and scale write the same files",
        defaultValue: String(DEFAULT_SEED),
      },
      ...HASH_OPTIONS,
    ],
  },
  alerts: {
    args: "[paths...]",
    summary:
      "week-over-week alerts on output tokens and spend per team, with the driver of each jump, sent to webhooks once per period",
    options: [
      ...inputOptions(
        "; keep one so each alert is delivered once (with no paths or --gateway, its data is used)",
      ),
      {
        flags: "--config <file>",
        description:
          "alert rules and webhooks (YAML or JSON, an `alerts:` section); default 2x, 7 days, no webhooks",
      },
      {
        flags: "--by <dims>",
        description: "group by team, team,project or team,feature (overrides the config)",
      },
      PRICES_OPTION,
      {
        flags: "--now <date>",
        description: "evaluate as of this UTC day or ISO instant (default: the day after the latest call)",
      },
      {
        flags: "--format <format>",
        description: "output format",
        choices: Object.keys(ALERT_RENDERERS),
        defaultValue: "terminal",
      },
      {
        flags: "--dry-run",
        description: "print the alerts and where they would go; send and record nothing",
      },
    ],
  },
  check: {
    args: "[paths...]",
    summary:
      "CI gate: exit 1 when spend-weighted identity coverage is below the bar, naming the costliest modes",
    options: [
      {
        flags: "--fail-under <bars>",
        description: "least coverage per layer, e.g. team=0.95,tenant=0.9 (or team=95%) (required)",
      },
      ...inputOptions(),
      PRICES_OPTION,
    ],
  },
  export: {
    args: "[paths...]",
    summary:
      "write the chargeback as FinOps FOCUS CSV: spend per day, team, project, feature, tenant, workload and model, with an unattributed bucket",
    options: [
      { flags: "--focus <file>", description: "FOCUS CSV file to write, - for stdout (required)" },
      {
        flags: "--focus-version <version>",
        description: "FOCUS column set",
        choices: ["1.2", "1.3"],
        defaultValue: "1.2",
      },
      ...inputOptions(),
      PRICES_OPTION,
      ...PERIOD_OPTIONS,
    ],
  },
  backfill: {
    args: "[paths...]",
    summary:
      "list the untagged ledger rows whose identity other evidence recovered (value, source, confidence), as CSV or as SQL updates for LiteLLM",
    options: [
      { flags: "--out <file>", description: "file to write, - for stdout", defaultValue: "-" },
      {
        flags: "--sql <dialect>",
        description: 'write guarded UPDATE "LiteLLM_SpendLogs" statements (one transaction) instead of CSV',
        choices: ["postgres"],
      },
      {
        flags: "--min-confidence <level>",
        description: "leave out values below this confidence",
        choices: ["high", "medium", "low"],
        defaultValue: "low",
      },
      ...inputOptions(),
      ...WINDOW_OPTIONS,
      PRICES_OPTION,
    ],
  },
  reconcile: {
    args: "[paths...]",
    summary:
      "compare the gateway ledger per day and model with the provider's usage exports (OpenAI Usage/Costs API, Anthropic usage/cost report) and explain the gap",
    options: [
      ...inputOptions(),
      PRICES_OPTION,
      {
        flags: "--format <format>",
        description: "output format",
        choices: Object.keys(RECONCILE_RENDERERS),
        defaultValue: "terminal",
      },
    ],
  },
  trace: {
    args: "<trace_id> [paths...]",
    summary:
      "one request's story in time order: spans, log lines, gateway rows and captured calls of a trace, with errors, retries, fallbacks, cache hits and the identity at each step",
    options: [
      ...inputOptions(),
      {
        flags: "--format <format>",
        description: "output format",
        choices: Object.keys(TRACE_RENDERERS),
        defaultValue: "terminal",
      },
      { flags: "--hash-identities", description: "show identity values as salted hashes (h:...)" },
      { flags: "--salt <salt>", description: "salt of --hash-identities (default none)" },
    ],
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

/** Options every command accepts. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { flags: "--debug", description: "on an internal error, print the stack trace (and the SQL)" },
];
