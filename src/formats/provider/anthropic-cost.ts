import { isRecord } from "../json-input.js";
import type { FormatReader, Sample } from "../reader.js";
import { BadField, decimalAmount, group } from "./fields.js";
import { type MappedResult, NO_FIELDS, type ReportFormat, readReport } from "./report.js";

/** Anthropic `cost_report` result: `amount` is a decimal string in cents (`"123.45"` = $1.2345). */
function mapResult(result: Record<string, unknown>): MappedResult {
  // Some saved exports nest it as {value, currency}.
  const amount = isRecord(result.amount) ? result.amount : result;
  const stated = amount.currency ?? result.currency;
  const currency = typeof stated === "string" ? stated.toUpperCase() : "USD";
  if (currency !== "USD")
    return { ok: false, expected: `an amount in USD (got ${String(stated)}; not converted)` };
  try {
    const fields = {
      ...NO_FIELDS,
      workspace_id: group(result, "workspace_id"),
      model: group(result, "model"),
      service_tier: group(result, "service_tier"),
      cost_usd: decimalAmount(
        isRecord(result.amount) ? result.amount.value : result.amount,
        "amount (cents)",
        2,
      ),
      cost_type: group(result, "cost_type"),
      line_item: group(result, "token_type") ?? group(result, "description"),
    };
    return { ok: true, fields };
  } catch (err) {
    if (err instanceof BadField) return { ok: false, expected: err.message };
    throw err;
  }
}

const FORMAT: ReportFormat = {
  id: "anthropic-cost-report",
  provider: "anthropic",
  report: "cost",
  startKey: "starting_at",
  endKey: "ending_at",
  mapResult,
};

function detect(sample: Sample): number {
  const { text } = sample;
  const costish = /"token_type"\s*:/.test(text) || /"cost_type"\s*:/.test(text);
  return /"starting_at"\s*:/.test(text) && /"amount"\s*:/.test(text) && costish ? 95 : 0;
}

/** Anthropic Admin API cost report: saved pages (one, an array, or NDJSON). */
export const anthropicCostReader: FormatReader = {
  id: FORMAT.id,
  description: "Anthropic Admin API cost report (pages: JSON, array or NDJSON; amounts in cents)",
  produces: "provider_usage",
  detect,
  read: (input, sink) => readReport(input, sink, FORMAT),
};
