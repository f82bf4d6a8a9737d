/**
 * Every error spendtrail raises on purpose carries a stable `code`; messages name the
 * input and what was expected. Only `cli/` turns them into exit codes.
 */
export type ErrorCode =
  | "E_INPUT_UNREADABLE"
  | "E_FORMAT_UNKNOWN"
  | "E_CONFIG_INVALID"
  | "E_USAGE"
  | "E_ENGINE"
  | "E_NO_USABLE_INPUT";

export class SpendtrailError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SpendtrailError";
    this.code = code;
  }
}

/** A problem in one input file (unreadable, unknown format, broken compression). */
export class InputError extends SpendtrailError {
  readonly file: string;
  constructor(code: ErrorCode, file: string, message: string, options?: { cause?: unknown }) {
    super(code, `${file}: ${message}`, options);
    this.name = "InputError";
    this.file = file;
  }
}

/** A user configuration file (identity contract, price file, mapping) that does not validate. */
export class ConfigError extends SpendtrailError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("E_CONFIG_INVALID", message, options);
    this.name = "ConfigError";
  }
}

/** The engine refused a statement; the SQL is kept for the golden-SQL tests and bug reports. */
export class EngineError extends SpendtrailError {
  readonly sql: string;
  constructor(message: string, sql: string, options?: { cause?: unknown }) {
    super("E_ENGINE", message, options);
    this.name = "EngineError";
    this.sql = sql;
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
