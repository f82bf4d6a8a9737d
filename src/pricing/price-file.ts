import { readFileSync } from "node:fs";
import YAML from "yaml";
import { z } from "zod";
import { ConfigError, errorMessage } from "../errors.js";
import { decimalPlaces, shiftDecimal, toDecimal } from "./money.js";
import { MODEL_MATCHES, type RateCardRow } from "./ratecard.js";

/**
 * User price files. Two formats, told apart by content:
 * - spendtrail's table (YAML or JSON): `{ models: [{ model, provider?, match?, input_per_mtok,
 *   output_per_mtok, cache_read_per_mtok?, cache_write_per_mtok?, effective_from? }] }`,
 *   USD per million tokens; strict, so a misspelt field is an error, not a silent default;
 * - LiteLLM's `model_prices_and_context_window.json`: USD per token, keyed by model; only
 *   the token prices are read (`sample_spec` and non-token entries are skipped).
 */

const DECIMAL_TEXT = /^\d+(\.\d+)?$/;
const USD_ERROR = "expected a non-negative number (USD per million tokens)";
const usd = z.union(
  [z.number().nonnegative({ error: USD_ERROR }), z.string().regex(DECIMAL_TEXT, { error: USD_ERROR })],
  {
    error: USD_ERROR,
  },
);
const day = z
  .string({ error: "expected a date YYYY-MM-DD" })
  .refine((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
    error: "expected a date YYYY-MM-DD",
  });

const TableRow = z.strictObject({
  model: z.string().min(1),
  provider: z.string().min(1).optional(),
  match: z.enum(MODEL_MATCHES).optional(),
  input_per_mtok: usd,
  output_per_mtok: usd,
  cache_read_per_mtok: usd.optional(),
  cache_write_per_mtok: usd.optional(),
  effective_from: day.optional(),
});
const TableFile = z.strictObject({ models: z.array(TableRow).min(1) });

const perToken = z.number({ error: "expected a number (USD per token)" }).nonnegative().nullish();
const LiteLlmEntry = z.looseObject({
  litellm_provider: z.string().nullish(),
  input_cost_per_token: perToken,
  output_cost_per_token: perToken,
  cache_read_input_token_cost: perToken,
  cache_creation_input_token_cost: perToken,
});
const LITELLM_SKIPPED = new Set(["sample_spec", "fallback_generalizations"]);

function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => {
      if (typeof p === "number") return `[${p}]`;
      const key = String(p);
      const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key);
      return plain ? `${i === 0 ? "" : "."}${key}` : `[${JSON.stringify(key)}]`;
    })
    .join("");
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const p of path)
    value = typeof value === "object" && value !== null ? Reflect.get(value, p) : undefined;
  return value;
}

function describe(issue: z.core.$ZodIssue, data: unknown, prefix: readonly PropertyKey[]): string {
  const path = [...prefix, ...issue.path];
  const where = path.length > 0 ? `${pathText(path)}: ` : "";
  if (issue.code === "unrecognized_keys") {
    return `${where}unknown field ${issue.keys.map((k) => `"${k}"`).join(", ")} (allowed: ${Object.keys(TableRow.shape).join(", ")})`;
  }
  if (valueAt(data, path) === undefined) return `${where}required field missing`;
  return `${where}${issue.message}`;
}

function fail(
  file: string,
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
  prefix: PropertyKey[] = [],
): never {
  const lines = issues.slice(0, 10).map((i) => describe(i, data, prefix));
  throw new ConfigError(`${file}: invalid price file: ${lines.join("; ")}`);
}

function perMtok(value: number | string, file: string, field: string): string {
  const text = toDecimal(value);
  if (text === null) throw new ConfigError(`${file}: ${field}: expected a non-negative number`);
  if (decimalPlaces(text) > 12)
    throw new ConfigError(`${file}: ${field}: more than 12 decimal places per million tokens`);
  return text;
}

function tableRows(data: unknown, file: string): RateCardRow[] {
  const parsed = TableFile.safeParse(data);
  if (!parsed.success) fail(file, parsed.error.issues, data);
  return parsed.data.models.map((m, i) => {
    const at = (f: string): string => `models[${i}].${f}`;
    const optional = (v: number | string | undefined, f: string): string | null =>
      v === undefined ? null : perMtok(v, file, at(f));
    return {
      provider: m.provider ?? null,
      model: m.model,
      match: m.match ?? "snapshot",
      effectiveFrom: m.effective_from ?? null,
      effectiveTo: null,
      inputPerMtok: perMtok(m.input_per_mtok, file, at("input_per_mtok")),
      outputPerMtok: perMtok(m.output_per_mtok, file, at("output_per_mtok")),
      cacheReadPerMtok: optional(m.cache_read_per_mtok, "cache_read_per_mtok"),
      cacheWritePerMtok: optional(m.cache_write_per_mtok, "cache_write_per_mtok"),
      source: file,
    };
  });
}

function liteLlmRow(model: string, value: unknown, file: string): RateCardRow | null {
  const parsed = LiteLlmEntry.safeParse(value);
  if (!parsed.success) fail(file, parsed.error.issues, { [model]: value }, [model]);
  const e = parsed.data;
  if (e.input_cost_per_token == null) return null; // priced per image/second/request: not by tokens
  const convert = (v: number | null | undefined, f: string): string | null =>
    v == null ? null : shiftDecimal(perMtok(v, file, `${JSON.stringify(model)}.${f}`), 6);
  return {
    provider: e.litellm_provider ?? null,
    model,
    match: "snapshot",
    effectiveFrom: null,
    effectiveTo: null,
    inputPerMtok: convert(e.input_cost_per_token, "input_cost_per_token") ?? "0",
    outputPerMtok: convert(e.output_cost_per_token, "output_cost_per_token") ?? "0",
    cacheReadPerMtok: convert(e.cache_read_input_token_cost, "cache_read_input_token_cost"),
    cacheWritePerMtok: convert(e.cache_creation_input_token_cost, "cache_creation_input_token_cost"),
    source: file,
  };
}

function liteLlmRows(data: Record<string, unknown>, file: string): RateCardRow[] {
  const rows = Object.entries(data).flatMap(([model, value]) =>
    LITELLM_SKIPPED.has(model) || typeof value !== "object" || value === null
      ? []
      : (liteLlmRow(model, value, file) ?? []),
  );
  if (rows.length === 0)
    throw new ConfigError(`${file}: no token prices found (expected input_cost_per_token entries)`);
  return rows;
}

/** Parses a price file's text; `file` names it in errors. Throws ConfigError naming file and field. */
export function parsePriceFile(text: string, file: string): RateCardRow[] {
  let data: unknown;
  try {
    data = file.endsWith(".json") ? JSON.parse(text) : YAML.parse(text);
  } catch (err) {
    throw new ConfigError(
      `${file}: not valid ${file.endsWith(".json") ? "JSON" : "YAML"}: ${errorMessage(err)}`,
    );
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new ConfigError(`${file}: expected an object: { models: [...] } or LiteLLM's model price map`);
  }
  return "models" in data ? tableRows(data, file) : liteLlmRows(data as Record<string, unknown>, file);
}

/** Reads and parses price files; rows of later files override earlier ones for the same model and date. */
export function loadPriceFiles(paths: readonly string[]): RateCardRow[] {
  return paths.flatMap((path) => {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (err) {
      throw new ConfigError(`${path}: cannot read price file: ${errorMessage(err)}`, { cause: err });
    }
    return parsePriceFile(text, path);
  });
}
