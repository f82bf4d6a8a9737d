import type { GatewayRow } from "../record/gateway.js";
import { AttributeBag } from "./gateway/attributes.js";
import { gatewayRowReader, type RowContext, rowOrigin } from "./gateway/drive.js";
import {
  amountField,
  idField,
  pick,
  startTimeField,
  textField,
  timeField,
  tokenField,
} from "./gateway/fields.js";
import { addLitellmMetadata, litellmTraceId } from "./gateway/litellm-common.js";
import { cacheTokensOf, inclusivePrompt } from "./gateway/tokens.js";
import type { FormatReader, Sample } from "./reader.js";
import { sampleShape } from "./records/encoding.js";
import { flagOf, jsonOf, keyHashOf, objectOf } from "./records/values.js";

const FORMAT = "litellm-payload";

/**
 * LiteLLM `StandardLoggingPayload` records (what its callbacks and loggers receive: GCS,
 * Pub/Sub, S3, generic API logger), as one object, a JSON array or NDJSON. Mapped to the
 * same columns LiteLLM itself derives for `LiteLLM_SpendLogs` (`get_logging_payload`):
 * `id` -> request_id, `response_cost` -> spend, `trace_id` -> session_id, key metadata ->
 * team_id / user / organization_id / end_user.
 */
export const litellmPayloadReader: FormatReader = gatewayRowReader({
  id: FORMAT,
  description: "LiteLLM StandardLoggingPayload records (logger/callback output: JSON or NDJSON)",
  detect,
  map: payloadRow,
});

function detect(sample: Sample): number {
  const shape = sampleShape(sample);
  if (shape === null || shape.encoding === "csv" || !shape.keys.has("id")) return 0;
  const payloadKeys = ["response_cost", "hidden_params", "saved_cache_cost", "model_parameters"];
  return payloadKeys.some((key) => shape.keys.has(key)) && shape.keys.has("call_type") ? 85 : 0;
}

/** One StandardLoggingPayload as a gateway row; `messages` and `response` are read for usage only. */
export function payloadRow(fields: Record<string, unknown>, ctx: RowContext): GatewayRow {
  const metadata = objectOf(fields.metadata) ?? {};
  const hidden = objectOf(fields.hidden_params) ?? {};
  const responseUsage = objectOf(objectOf(fields.response)?.usage);
  const cache = cacheTokensOf([objectOf(metadata.usage_object), responseUsage, fields], ctx.warn);
  const start = startTimeField(pick(fields, "startTime", "start_time"), "startTime");
  return {
    ...rowOrigin(FORMAT, ctx),
    request_id: idField(fields, "id", "id"),
    call_type: textField(fields, "call_type"),
    api_key_hash: keyHashOf(metadata.user_api_key_hash),
    spend: amountField(pick(fields, "response_cost"), "response_cost", ctx.warn),
    prompt_tokens: inclusivePrompt(tokenField(fields.prompt_tokens, "prompt_tokens"), cache),
    completion_tokens: tokenField(fields.completion_tokens, "completion_tokens"),
    total_tokens: tokenField(fields.total_tokens, "total_tokens"),
    cache_read_tokens: cache.read,
    cache_write_tokens: cache.write,
    start_time: start,
    end_time: timeField(pick(fields, "endTime", "end_time"), "endTime", start, ctx.warn),
    model: textField(fields, "model"),
    model_group: textField(fields, "model_group"),
    provider: textField(fields, "custom_llm_provider"),
    api_base: textField(fields, "api_base") || textField(hidden, "api_base"),
    status: textField(fields, "status"),
    cache_hit: flagOf(fields.cache_hit),
    stream: flagOf(fields.stream),
    trace_id: litellmTraceId(metadata, null),
    session_id: textField(fields, "trace_id"),
    attributes: payloadAttributes(fields, metadata),
  };
}

function payloadAttributes(fields: Record<string, unknown>, metadata: Record<string, unknown>) {
  const bag = new AttributeBag();
  bag.set("team_id", metadata.user_api_key_team_id);
  bag.set("end_user", pick(fields, "end_user") ?? metadata.user_api_key_end_user_id);
  bag.set("user", metadata.user_api_key_user_id);
  bag.set("organization_id", metadata.user_api_key_org_id);
  bag.set("session_id", fields.trace_id);
  bag.set("agent_id", pick(fields, "agent_id") ?? metadata.agent_id);
  bag.set("request_tags", jsonOf(fields.request_tags) ?? fields.request_tags);
  // LiteLLM copies the payload's error_information into SpendLogs metadata: same key here.
  addLitellmMetadata(bag, {
    ...metadata,
    error_information: metadata.error_information ?? fields.error_information,
  });
  return bag.values;
}
