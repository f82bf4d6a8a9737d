import type { BypassId, FailureModeId } from "./modeIds.js";

/** The fix to make, per failure mode id (shown beside each ranked mode). */
export const FIXES: Readonly<Record<FailureModeId | BypassId, string>> = {
  master_key_fallback:
    "Remove the master-key fallback path: fail loudly when the team-scoped key is missing, and alert on master-key use at the gateway.",
  stream_close_late:
    "Enrich the ledger row at request start, not in the stream-close hook, so a client disconnect cannot drop the identity.",
  retry_header_strip:
    "Move retries above the header-injection layer (re-attach identity headers on every attempt) or use the gateway's own retries.",
  gateway_header_filter:
    "Forward the identity headers explicitly at the hop named by the first divergence (allow-list them or re-inject them in a pre-call hook).",
  async_context_loss:
    "Copy the context into spawned tasks and queue messages (contextvars.copy_context / context.with, propagate baggage in message headers).",
  missing_at_call_site:
    "Set the identity at the call site: put it in baggage at request start and copy it onto LLM spans and gateway metadata.",
  no_trace:
    "Instrument the caller (OpenTelemetry GenAI spans) and pass the trace id to the gateway; meanwhile back-fill from the key table.",
  gateway_bypass:
    "Route these calls through the gateway (or block direct provider keys) so they reach the ledger.",
};
