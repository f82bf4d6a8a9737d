import { appLogNdjsonReader } from "./app-log-ndjson.js";
import { attributeMapReader } from "./attribute-map.js";
import { genericGatewayReader } from "./generic-gateway.js";
import { harReader } from "./har.js";
import { heliconeReader } from "./helicone.js";
import { jaegerJsonReader } from "./jaeger-json.js";
import { langfuseTraceExportReader } from "./langfuse-trace-export.js";
import { litellmKeysReader } from "./litellm-keys.js";
import { litellmPayloadReader } from "./litellm-payload.js";
import { litellmSpendLogsReader } from "./litellm-spendlogs.js";
import { litellmTeamsReader } from "./litellm-teams.js";
import { otlpJsonReader } from "./otlp-json.js";
import { otlpJsonLinesReader } from "./otlp-json-lines.js";
import { otlpProtobufReader } from "./otlp-protobuf.js";
import { portkeyReader } from "./portkey.js";
import { anthropicCostReader } from "./provider/anthropic-cost.js";
import { anthropicUsageReader } from "./provider/anthropic-usage.js";
import { openaiCostsReader } from "./provider/openai-costs.js";
import { openaiUsageReader } from "./provider/openai-usage.js";
import type { FormatReader, Sample } from "./reader.js";
import { spanListReader } from "./span-list.js";

/**
 * Every input format, by id. Adding a format is one line here plus its file;
 * CLI help and docs list formats from this object.
 */
export const READERS = {
  "otlp-json-lines": otlpJsonLinesReader,
  "otlp-json": otlpJsonReader,
  "otlp-protobuf": otlpProtobufReader,
  "jaeger-json": jaegerJsonReader,
  "langfuse-trace-export": langfuseTraceExportReader,
  "span-list": spanListReader,
  "attribute-map": attributeMapReader,
  "litellm-spendlogs": litellmSpendLogsReader,
  "litellm-payload": litellmPayloadReader,
  "litellm-keys": litellmKeysReader,
  "litellm-teams": litellmTeamsReader,
  helicone: heliconeReader,
  portkey: portkeyReader,
  "generic-gateway": genericGatewayReader(null),
  har: harReader,
  "app-log-ndjson": appLogNdjsonReader,
  "openai-usage-completions": openaiUsageReader,
  "openai-costs": openaiCostsReader,
  "anthropic-usage-report": anthropicUsageReader,
  "anthropic-cost-report": anthropicCostReader,
} as const satisfies Record<string, FormatReader>;

export type FormatId = keyof typeof READERS;

/** Picks the reader whose `detect` is most confident, or null when none claims the sample. */
export function detectFormat(sample: Sample): FormatReader | null {
  let best: FormatReader | null = null;
  let bestScore = 0;
  for (const reader of Object.values(READERS) as FormatReader[]) {
    const score = reader.detect(sample);
    if (score > bestScore) {
      best = reader;
      bestScore = score;
    }
  }
  return best;
}
