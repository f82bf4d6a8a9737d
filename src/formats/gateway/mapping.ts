import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { ConfigError, errorMessage } from "../../errors.js";
import { RECORD_ENCODINGS } from "../records/encoding.js";

/** Canonical fields a generic gateway log can map a column to (the `gateway_rows` columns). */
export const MAPPABLE_FIELDS = [
  "request_id",
  "start_time",
  "end_time",
  "duration_ms",
  "call_type",
  "api_key",
  "spend",
  "prompt_tokens",
  "completion_tokens",
  "total_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
  "model",
  "model_group",
  "provider",
  "api_base",
  "status",
  "cache_hit",
  "stream",
  "trace_id",
  "session_id",
] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

/** How numbers in time columns are read; `auto` tells ISO text and epoch units apart by size. */
export const TIMESTAMP_FORMATS = ["auto", "unix_s", "unix_ms", "unix_us", "unix_ns"] as const;

const columnName = z.string().trim().min(1, "expected a column name");
const optionalColumn = columnName.optional();
type OptionalField = Exclude<MappableField, "request_id" | "start_time">;
const optionalColumns = Object.fromEntries(
  MAPPABLE_FIELDS.filter((field) => field !== "request_id" && field !== "start_time").map((field) => [
    field,
    optionalColumn,
  ]),
) as Record<OptionalField, typeof optionalColumn>;

const mappingSchema = z.strictObject({
  format: z.enum(RECORD_ENCODINGS).optional(),
  columns: z.strictObject({
    request_id: columnName,
    start_time: columnName,
    ...optionalColumns,
    attributes: z.record(z.string().min(1), columnName).optional(),
  }),
  timestampFormat: z.enum(TIMESTAMP_FORMATS).default("auto"),
  /** `exclusive`: the log's prompt tokens leave cache tokens out (Anthropic style); they are added. */
  promptTokens: z.enum(["inclusive", "exclusive"]).default("inclusive"),
  /** Unit of the spend column (default USD). */
  spendUnit: z.enum(["usd", "cents"]).default("usd"),
});

/**
 * Column mapping for `generic-gateway` (`--map FILE`): which source column (CSV header, JSON
 * key, or dotted path into nested JSON) feeds each gateway_rows field, and which columns go
 * into `attributes` under which name (e.g. `{ team_id: "owner" }`).
 */
export type GatewayMapping = z.output<typeof mappingSchema>;

/** Top-level keys under which a larger config file may hold the mapping section. */
const SECTION_KEYS = ["gateway_mapping", "gatewayMapping", "mapping"] as const;

/** Validates a parsed mapping (the whole document or its mapping section); errors name file and field. */
export function parseMapping(document: unknown, file: string): GatewayMapping {
  const section = sectionOf(document);
  const result = mappingSchema.safeParse(section);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
    return `${field}: ${issue.message}`;
  });
  throw new ConfigError(`${file}: invalid gateway column mapping: ${problems.join("; ")}`);
}

function sectionOf(document: unknown): unknown {
  if (document === null || typeof document !== "object") return document;
  const record = document as Record<string, unknown>;
  for (const key of SECTION_KEYS) if (key in record) return record[key];
  return document;
}

/** Reads a mapping file (YAML or JSON). */
export async function loadMapping(file: string): Promise<GatewayMapping> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new ConfigError(`${file}: cannot read the gateway column mapping (${errorMessage(err)})`, {
      cause: err,
    });
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (err) {
    throw new ConfigError(`${file}: not valid YAML or JSON (${errorMessage(err)})`, { cause: err });
  }
  return parseMapping(document, file);
}
