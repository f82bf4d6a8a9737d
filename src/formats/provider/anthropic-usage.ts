import { isRecord } from "../json-input.js";
import type { FormatReader, Sample } from "../reader.js";
import { BadField, count, group, sumCounts } from "./fields.js";
import { type MappedResult, NO_FIELDS, type ReportFormat, readReport } from "./report.js";

/**
 * Anthropic `usage_report/messages` result. Uncached input is stated on its own (unlike
 * OpenAI); cache writes are the 5-minute plus the 1-hour ephemeral tokens.
 */
function mapResult(result: Record<string, unknown>): MappedResult {
  try {
    const creation = isRecord(result.cache_creation) ? result.cache_creation : {};
    const written = sumCounts([
      count(creation, "ephemeral_5m_input_tokens"),
      count(creation, "ephemeral_1h_input_tokens"),
    ]);
    const fields = {
      ...NO_FIELDS,
      workspace_id: group(result, "workspace_id"),
      api_key_id: group(result, "api_key_id"),
      model: group(result, "model"),
      service_tier: group(result, "service_tier"),
      uncached_input_tokens: count(result, "uncached_input_tokens"),
      cache_read_tokens: count(result, "cache_read_input_tokens"),
      cache_write_tokens: written ?? count(result, "cache_creation_input_tokens"),
      output_tokens: count(result, "output_tokens"),
    };
    return { ok: true, fields };
  } catch (err) {
    if (err instanceof BadField) return { ok: false, expected: err.message };
    throw err;
  }
}

const FORMAT: ReportFormat = {
  id: "anthropic-usage-report",
  provider: "anthropic",
  report: "usage",
  startKey: "starting_at",
  endKey: "ending_at",
  mapResult,
};

function detect(sample: Sample): number {
  const { text } = sample;
  return /"uncached_input_tokens"\s*:/.test(text) && /"starting_at"\s*:/.test(text) ? 95 : 0;
}

/** Anthropic Admin API usage report (messages): saved pages (one, an array, or NDJSON). */
export const anthropicUsageReader: FormatReader = {
  id: FORMAT.id,
  description: "Anthropic Admin API usage report, messages (pages: JSON, array or NDJSON)",
  produces: "provider_usage",
  detect,
  read: (input, sink) => readReport(input, sink, FORMAT),
};
