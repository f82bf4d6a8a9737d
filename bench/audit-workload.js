// Streaming generator of an audit workload at any size (the demo holds its whole workload in
// memory and caps its scale). Per LLM call: the app's client span, the ai-gateway hop and
// LiteLLM's `litellm_request` span (plus one HTTP root per trace), and a LiteLLM_SpendLogs CSV
// row; key and team tables and prices.yaml come from the demo. Failure shapes mixed in: master
// key fallback, a gateway dropping x-tenant-id, 429 retries, rows without traces, calls that
// bypass the gateway. Deterministic for a given call count. Needs `npm run build` (../dist).

import { once } from "node:events";
import { createWriteStream, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KEYS } from "../dist/demo/catalog.js";
import {
  keyHash,
  SPEND_LOG_COLUMNS,
  teamTableCsv,
  verificationTokenCsv,
} from "../dist/demo/litellm-tables.js";
import { csvLine, pgFloat, pgTimestamp } from "../dist/demo/pg-text.js";
import { pricesYaml } from "../dist/demo/prices.js";
import { seeded } from "./seeded.js";

/** The files `writeAuditWorkload` creates, in the order the audit reads them. */
export const AUDIT_FILES = [
  "traces.otlp.jsonl",
  "litellm_spendlogs.csv",
  "litellm_verificationtoken.csv",
  "litellm_teamtable.csv",
];

const { random, pick, int, hex } = seeded(1234);
const str = (key, value) => ({ key, value: { stringValue: value } });
const num = (key, value) => ({ key, value: { intValue: String(value) } });
const arr = (key, value) => ({ key, value: { arrayValue: { values: [{ stringValue: value }] } } });

// requested model -> [served model, provider, input $/Mtok, output $/Mtok] (demo rate card).
const MODELS = {
  "gpt-4o": ["gpt-4o-2024-08-06", "openai", 2.5, 10],
  "gpt-4o-mini": ["gpt-4o-mini-2024-07-18", "openai", 0.15, 0.6],
  "claude-sonnet-4-5": ["claude-sonnet-4-5-20250929", "anthropic", 3, 15],
  "claude-haiku-4-5": ["claude-haiku-4-5-20251001", "anthropic", 1, 5],
};
const TENANTS = [
  "acme-corp",
  "globex",
  "initech",
  "umbrella",
  "stark-industries",
  "wayne-enterprises",
  "hooli",
];
// app service, its team, the gateway key it uses, workflows.
const APPS = [
  {
    name: "search-api",
    team: "search",
    key: KEYS.searchApi,
    workflows: ["answer-synthesis", "query-rewrite"],
  },
  { name: "support-bot", team: "support", key: KEYS.gatewaySupport, workflows: ["ticket-summary", "chat"] },
  { name: "campaign-writer", team: "growth", key: KEYS.gatewayGrowth, workflows: ["campaign-copy"] },
  { name: "report-builder", team: "growth", key: KEYS.reportBuilder, workflows: ["weekly-report"] },
  { name: "doc-indexer", team: "platform", key: KEYS.docIndexer, workflows: ["embed-summary"] },
];
const HASHES = new Map(Object.values(KEYS).map((k) => [k.alias, keyHash(k)]));
const START_MS = Date.parse("2026-10-05T00:00:00Z");
const SPAN_MS = 21 * 24 * 3600 * 1000;

function resource(service, language) {
  return {
    attributes: [
      str("service.name", service),
      str("deployment.environment.name", "production"),
      str("telemetry.sdk.language", language),
    ],
  };
}

function span(traceId, parent, name, kind, startNs, durNs, attributes, failed) {
  return {
    traceId,
    spanId: hex(16),
    parentSpanId: parent,
    name,
    kind,
    startTimeUnixNano: String(startNs),
    endTimeUnixNano: String(startNs + durNs),
    attributes,
    status: failed ? { code: 2, message: "429 Too Many Requests" } : {},
  };
}

/** One attempt: its spans (by service) and its SpendLogs row (or null). */
function attempt(ctx, parentId, startNs, shape) {
  const [served, provider, inPrice, outPrice] = MODELS[ctx.model];
  const failed = shape.rateLimited;
  const input = failed ? 0 : int(200, 6000);
  const output = failed ? 0 : int(20, 1200);
  const id = provider === "openai" ? `chatcmpl-${hex(29)}` : `msg_01${hex(22)}`;
  const durNs = BigInt(int(300, 15000)) * 1_000_000n;
  const identity = [
    str("app.tenant_id", ctx.tenant),
    str("app.team_id", ctx.app.team),
    str("app.workflow_id", ctx.workflow),
  ];
  const usage = failed
    ? []
    : [
        str("gen_ai.response.id", id),
        str("gen_ai.response.model", served),
        num("gen_ai.usage.input_tokens", input),
        num("gen_ai.usage.output_tokens", output),
      ];
  const client = span(
    ctx.traceId,
    parentId,
    `chat ${ctx.model}`,
    3,
    startNs,
    durNs,
    [
      str("gen_ai.operation.name", "chat"),
      str("gen_ai.provider.name", provider),
      str("gen_ai.request.model", ctx.model),
      str("server.address", shape.bypass ? "api.openai.com" : "ai-gateway.internal"),
      ...usage,
      ...identity,
    ],
    failed,
  );
  const out = { app: [client], gateway: [], litellm: [], row: null };
  if (shape.bypass) return out;
  const hop = span(
    ctx.traceId,
    client.spanId,
    "POST /v1/chat/completions",
    2,
    startNs + 1_000_000n,
    durNs - 2_000_000n,
    [
      str("http.request.method", "POST"),
      str("http.route", "/v1/chat/completions"),
      num("http.response.status_code", failed ? 429 : 200),
      ...(shape.headerDropped ? [] : [arr("http.request.header.x-tenant-id", ctx.tenant)]),
      arr("http.request.header.x-team-id", ctx.app.team),
      str("gen_ai.request.model", ctx.model),
    ],
    failed,
  );
  out.gateway.push(hop);
  const key = shape.masterKey ? KEYS.master : ctx.app.key;
  const meta = {
    workflow_id: ctx.workflow,
    trace_id: ctx.traceId,
    ...(shape.headerDropped || shape.retryStripped ? {} : { tenant_id: ctx.tenant }),
  };
  if (shape.retryStripped) delete meta.workflow_id;
  out.litellm.push(
    span(
      ctx.traceId,
      hop.spanId,
      "litellm_request",
      1,
      startNs + 2_000_000n,
      durNs - 4_000_000n,
      [
        str("gen_ai.system", provider),
        str("gen_ai.request.model", ctx.model),
        ...usage.slice(0, 2),
        num("gen_ai.usage.prompt_tokens", input),
        num("gen_ai.usage.completion_tokens", output),
        str("metadata.user_api_key_alias", key.alias),
        ...(key.team === null ? [] : [str("metadata.user_api_key_team_id", key.team)]),
        str("metadata.spend_logs_metadata", JSON.stringify(meta)),
      ],
      failed,
    ),
  );
  const startUs = Number(startNs / 1000n);
  const spend = (input * inPrice + output * outPrice) / 1e6;
  const metadata = {
    user_api_key: HASHES.get(key.alias),
    user_api_key_alias: key.alias,
    user_api_key_team_id: key.team,
    spend_logs_metadata: meta,
    status: failed ? "failure" : "success",
    usage_object: failed
      ? null
      : { prompt_tokens: input, completion_tokens: output, total_tokens: input + output },
  };
  out.row = [
    id,
    "acompletion",
    HASHES.get(key.alias),
    pgFloat(spend),
    input + output,
    input,
    output,
    pgTimestamp(startUs),
    pgTimestamp(startUs + Number(durNs / 1000n)),
    Number(durNs / 1_000_000n),
    null,
    ctx.model,
    null,
    ctx.model,
    provider,
    null,
    key.userId ?? "",
    JSON.stringify(metadata),
    "False",
    "",
    "[]",
    key.team,
    null,
    shape.headerDropped ? null : ctx.tenant,
    "10.42.108.150",
    "{}",
    "{}",
    ctx.traceId,
    failed ? "failure" : "success",
    null,
    null,
    "{}",
  ];
  return out;
}

/** One request: an HTTP root span and one or two calls (a 429 then its retry). */
function request(startNs) {
  const app = pick(APPS);
  const ctx = {
    app,
    traceId: hex(32),
    tenant: pick(TENANTS),
    workflow: pick(app.workflows),
    model: pick(Object.keys(MODELS)),
  };
  const r = random();
  const base = {
    masterKey: app.name === "report-builder" && r < 0.15,
    headerDropped: r >= 0.15 && r < 0.19,
    bypass: r >= 0.19 && r < 0.2,
    rateLimited: false,
    retryStripped: false,
  };
  const root = span(
    ctx.traceId,
    "",
    `POST /${app.name}/run`,
    2,
    startNs,
    20_000_000_000n,
    [str("http.route", `/${app.name}/run`), str("app.tenant_id", ctx.tenant)],
    false,
  );
  const parts = { app: [root], gateway: [], litellm: [], rows: [] };
  const retry = r >= 0.2 && r < 0.23;
  const attempts = retry
    ? [
        { ...base, rateLimited: true },
        { ...base, retryStripped: true },
      ]
    : [base];
  let t = startNs + 5_000_000n;
  for (const shape of attempts) {
    const a = attempt(ctx, root.spanId, t, shape);
    parts.app.push(...a.app);
    parts.gateway.push(...a.gateway);
    parts.litellm.push(...a.litellm);
    if (a.row !== null) parts.rows.push(a.row);
    t += 2_000_000_000n;
  }
  return { parts, calls: attempts.length, app };
}

function line(byService) {
  const resourceSpans = [...byService].map(([service, spans]) => ({
    resource: resource(
      service,
      service === "litellm-proxy" ? "python" : service === "ai-gateway" ? "go" : "nodejs",
    ),
    scopeSpans: [{ scope: { name: service === "litellm-proxy" ? "litellm" : "spendtrail-bench" }, spans }],
  }));
  return `${JSON.stringify({ resourceSpans })}\n`;
}

async function write(stream, text) {
  if (!stream.write(text)) await once(stream, "drain");
}

/** A row without any trace: nightly backfill through its own key, no metadata. */
function backfillRow(startUs) {
  const input = int(500, 3000);
  const output = int(50, 400);
  const key = KEYS.backfill;
  return [
    `chatcmpl-${hex(29)}`,
    "acompletion",
    HASHES.get(key.alias),
    pgFloat((input * 0.15 + output * 0.6) / 1e6),
    input + output,
    input,
    output,
    pgTimestamp(startUs),
    pgTimestamp(startUs + 900_000),
    900,
    null,
    "gpt-4o-mini",
    null,
    "gpt-4o-mini",
    "openai",
    null,
    key.userId,
    "{}",
    "False",
    "",
    "[]",
    key.team,
    null,
    null,
    "10.42.7.9",
    "{}",
    "{}",
    null,
    "success",
    null,
    null,
    "{}",
  ];
}

/** Writes about `calls` LLM calls into `dir`; resolves to the counts written. */
export async function writeAuditWorkload(dir, calls) {
  const traces = createWriteStream(join(dir, "traces.otlp.jsonl"));
  const rows = createWriteStream(join(dir, "litellm_spendlogs.csv"));
  await write(rows, csvLine(SPEND_LOG_COLUMNS));
  const stepNs = BigInt(Math.floor((SPAN_MS / calls) * 1e6));
  let made = 0;
  let spans = 0;
  let rowCount = 0;
  let t = BigInt(START_MS) * 1_000_000n;
  while (made < calls) {
    const byService = new Map();
    let csv = "";
    for (let i = 0; i < 12 && made < calls; i++) {
      if (random() < 0.02) {
        csv += csvLine(backfillRow(Number(t / 1000n)));
        made += 1;
        rowCount += 1;
      } else {
        const { parts, calls: n, app } = request(t);
        for (const [service, list] of [
          [app.name, parts.app],
          ["ai-gateway", parts.gateway],
          ["litellm-proxy", parts.litellm],
        ]) {
          if (list.length > 0) byService.set(service, [...(byService.get(service) ?? []), ...list]);
          spans += list.length;
        }
        for (const row of parts.rows) csv += csvLine(row);
        rowCount += parts.rows.length;
        made += n;
      }
      t += stepNs;
    }
    if (byService.size > 0) await write(traces, line(byService));
    await write(rows, csv);
  }
  for (const s of [traces, rows]) {
    s.end();
    await once(s, "finish");
  }
  writeFileSync(join(dir, "litellm_verificationtoken.csv"), verificationTokenCsv([]));
  writeFileSync(join(dir, "litellm_teamtable.csv"), teamTableCsv([]));
  writeFileSync(join(dir, "prices.yaml"), pricesYaml());
  return { calls: made, spans, rows: rowCount };
}
