import type { FormatReader, Sample } from "../reader.js";
import { BadField, count, group, groupFlag } from "./fields.js";
import { type MappedResult, NO_FIELDS, type ReportFormat, readReport } from "./report.js";

const RESULT_OBJECT = "organization.usage.completions.result";

/**
 * OpenAI `/v1/organization/usage/completions` result. `input_tokens` includes the cached and
 * cache-write tokens, so the uncached bucket is what is left of it (or `input_uncached_tokens`
 * when only that is stated).
 */
function mapResult(result: Record<string, unknown>): MappedResult {
  const object = result.object;
  if (typeof object === "string" && object !== RESULT_OBJECT) {
    return {
      ok: false,
      expected: `a ${RESULT_OBJECT} (this is ${object}; only completions usage is compared)`,
    };
  }
  try {
    const input = count(result, "input_tokens");
    const cached = count(result, "input_cached_tokens");
    const written = count(result, "input_cache_write_tokens");
    const uncached =
      input === null ? count(result, "input_uncached_tokens") : input - (cached ?? 0) - (written ?? 0);
    if (uncached !== null && uncached < 0) {
      return {
        ok: false,
        expected: "input_tokens of at least input_cached_tokens + input_cache_write_tokens",
      };
    }
    const fields = {
      ...NO_FIELDS,
      project_id: group(result, "project_id"),
      api_key_id: group(result, "api_key_id"),
      model: group(result, "model"),
      service_tier: group(result, "service_tier"),
      batch: groupFlag(result, "batch"),
      uncached_input_tokens: uncached,
      cache_read_tokens: cached,
      cache_write_tokens: written,
      output_tokens: count(result, "output_tokens"),
      requests: count(result, "num_model_requests"),
    };
    return { ok: true, fields };
  } catch (err) {
    if (err instanceof BadField) return { ok: false, expected: err.message };
    throw err;
  }
}

const FORMAT: ReportFormat = {
  id: "openai-usage-completions",
  provider: "openai",
  report: "usage",
  startKey: "start_time",
  endKey: "end_time",
  mapResult,
};

function detect(sample: Sample): number {
  if (sample.text.includes(`"${RESULT_OBJECT}"`)) return 95;
  return /"object"\s*:\s*"page"/.test(sample.text) && /"num_model_requests"\s*:/.test(sample.text) ? 90 : 0;
}

/** OpenAI organization Usage API, completions: saved pages (one, an array, or NDJSON). */
export const openaiUsageReader: FormatReader = {
  id: FORMAT.id,
  description: "OpenAI organization Usage API export, completions (pages: JSON, array or NDJSON)",
  produces: "provider_usage",
  detect,
  read: (input, sink) => readReport(input, sink, FORMAT),
};
