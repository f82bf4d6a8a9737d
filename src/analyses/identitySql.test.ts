import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONTRACT } from "../contract/default.js";
import { ChdbEngine } from "../engine/chdb.js";
import { sql } from "../engine/sql.js";
import { identityHitColumns, identityValueColumns } from "../normalise/identity.js";
import { Params } from "../normalise/params.js";
import { spanId, World } from "./fixtures/world.js";
import { spanIdentitySelect } from "./identitySql.js";

describe("span identity", () => {
  let engine: ChdbEngine;
  beforeAll(async () => {
    engine = await ChdbEngine.open();
    const w = new World()
      // prefixed key; a missing-value sentinel falls through to the JSON metadata attribute
      .span({
        trace: "i",
        span: "a",
        service: "s",
        at: 0,
        attrs: { "app.tenant_id": "acme", team_id: "unknown", metadata: '{"team_id": "search"}' },
      })
      // LiteLLM's Python-dict metadata; a captured header (string array)
      .span({
        trace: "i",
        span: "b",
        service: "s",
        at: 1,
        attrs: {
          "metadata.spend_logs_metadata": "{'team': 'ops', 'x': None}",
          "http.request.header.x-workflow-id": '["wf-9"]',
        },
      })
      // a resource attribute under an earlier contract key beats a span attribute under a later one
      .span({ trace: "i", span: "c", service: "s", at: 2, attrs: { customer_id: "c-1" } })
      .span({ trace: "i", span: "d", service: "s", at: 3, attrs: { "http.method": "GET" } });
    const c = w.spans[2];
    if (c) c.ResourceAttributes = { ...c.ResourceAttributes, tenant_id: "r-tenant" };
    await w.load(engine);
  });
  afterAll(async () => {
    await engine.close();
  });

  it("reads every place the contract names", async () => {
    const rows = await engine.query<{ span: string; ids: string[] }>(
      spanIdentitySelect(DEFAULT_CONTRACT, "SpanId AS span", "1 ORDER BY Timestamp"),
    );
    expect(rows).toEqual([
      { span: spanId("a"), ids: ["acme", "search", ""] },
      { span: spanId("b"), ids: ["", "ops", "wf-9"] },
      { span: spanId("c"), ids: ["r-tenant", "", ""] },
      { span: spanId("d"), ids: ["", "", ""] },
    ]);
  });

  it("agrees with the normaliser's reading of the same spans", async () => {
    const p = new Params("t");
    const hits = identityHitColumns(p, DEFAULT_CONTRACT, "SpanAttributes", "ResourceAttributes");
    const theirs = await engine.query<{ ids: string[] }>(
      sql(
        `SELECT [ifNull(tenant, ''), ifNull(team, ''), ifNull(workload, '')] AS ids
        FROM (SELECT Timestamp, ${identityValueColumns()} FROM (SELECT *, ${hits} FROM otel_traces)) ORDER BY Timestamp`,
        p.values,
      ),
    );
    const ours = await engine.query<{ ids: string[] }>(
      spanIdentitySelect(DEFAULT_CONTRACT, "Timestamp", "1 ORDER BY Timestamp"),
    );
    expect(ours.map((r) => r.ids)).toEqual(theirs.map((r) => r.ids));
  });
});
