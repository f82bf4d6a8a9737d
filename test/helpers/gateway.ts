import type { GatewayRow } from "../../src/record/gateway.js";

/** A LiteLLM-like gateway row; tests override what they check. */
export function gatewayRow(overrides: Partial<GatewayRow>): GatewayRow {
  return {
    source_format: "litellm-spendlogs",
    source_file: "spend.csv",
    source_line: 1,
    request_id: "chatcmpl-1",
    call_type: "acompletion",
    api_key_hash: "",
    spend: null,
    prompt_tokens: null,
    completion_tokens: null,
    total_tokens: null,
    cache_read_tokens: null,
    cache_write_tokens: null,
    start_time: "2025-01-24 09:20:46.847371",
    end_time: "2025-01-24 09:20:46.851954",
    model: "gpt-4o",
    model_group: "",
    provider: "openai",
    api_base: "",
    status: "success",
    cache_hit: null,
    stream: null,
    trace_id: "",
    session_id: "",
    attributes: {},
    ...overrides,
  };
}
