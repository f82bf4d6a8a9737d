import { isRecord } from "../json-input.js";
import type { FormatReader, Sample } from "../reader.js";
import { BadField, decimalAmount, group } from "./fields.js";
import { type MappedResult, NO_FIELDS, type ReportFormat, readReport } from "./report.js";

const RESULT_OBJECT = "organization.costs.result";

/** OpenAI `/v1/organization/costs` result: `amount: {value, currency: "usd"}` per line item. */
function mapResult(result: Record<string, unknown>): MappedResult {
  const amount = result.amount;
  if (!isRecord(amount)) return { ok: false, expected: "amount: {value, currency}" };
  const currency = typeof amount.currency === "string" ? amount.currency.toLowerCase() : "usd";
  if (currency !== "usd")
    return { ok: false, expected: `an amount in usd (got ${String(amount.currency)}; not converted)` };
  try {
    const fields = {
      ...NO_FIELDS,
      project_id: group(result, "project_id"),
      api_key_id: group(result, "api_key_id"),
      cost_usd: decimalAmount(amount.value, "amount.value"),
      line_item: group(result, "line_item"),
    };
    return { ok: true, fields };
  } catch (err) {
    if (err instanceof BadField) return { ok: false, expected: err.message };
    throw err;
  }
}

const FORMAT: ReportFormat = {
  id: "openai-costs",
  provider: "openai",
  report: "cost",
  startKey: "start_time",
  endKey: "end_time",
  mapResult,
};

/** OpenAI organization Costs API: saved pages (one, an array, or NDJSON). */
export const openaiCostsReader: FormatReader = {
  id: FORMAT.id,
  description: "OpenAI organization Costs API export (pages: JSON, array or NDJSON)",
  produces: "provider_usage",
  detect: (sample: Sample) => (sample.text.includes(`"${RESULT_OBJECT}"`) ? 95 : 0),
  read: (input, sink) => readReport(input, sink, FORMAT),
};
