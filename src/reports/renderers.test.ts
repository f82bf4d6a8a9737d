import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONTRACT } from "../contract/default.js";
import { ChdbEngine } from "../engine/chdb.js";
import { buildAuditReport } from "./build.js";
import { REPORT_PRICES, reportWorld } from "./fixtures/world.js";
import type { AuditReport } from "./model.js";
import { RENDERERS } from "./renderers.js";
import { renderTerminal } from "./terminal.js";

/** Renderers over a real report of the small fixture (see fixtures/world.ts for its figures). */
let report: AuditReport;
beforeAll(async () => {
  const engine = await ChdbEngine.open();
  try {
    await reportWorld().load(engine);
    report = await buildAuditReport(engine, {
      contract: DEFAULT_CONTRACT,
      prices: [REPORT_PRICES],
      defaults: () => [],
      now: new Date("2026-11-01T00:00:00Z"),
    });
  } finally {
    await engine.close();
  }
});

// The price file's absolute path differs per checkout.
const normalised = (r: AuditReport): AuditReport => ({
  ...r,
  pricing: { ...r.pricing, priceFiles: ["<prices>"] },
});

describe("report renderers", () => {
  it("json is the model itself", () => {
    expect(JSON.parse(RENDERERS.json(report))).toEqual(report);
  });

  it("terminal: headline first, then ranked fixes, then the rest", () => {
    expect(RENDERERS.terminal(normalised(report))).toMatchInlineSnapshot(`
      "spendtrail audit: all calls, 1 input file

      Total spend      $0.0108 in 3 ledger calls (rate card prices)
      Untagged         tenant 74.1%, team 0.0%, workload 0.0% of spend
                       any layer $0.0080 (74.1%) in 2 calls
      Recoverable      tenant 74.1%, team 0.0%, workload 0.0% of spend can be back-filled
      Unpriced tokens  5.6% (acme-llm)
      Outside ledger   $0.0025 in 1 call

      Fixes, ranked by untagged spend (share of $0.0080)
       1.  gateway_header_filter  $0.0080  100.0%  1 call  tenant
           first divergence: web -> ledger
           fix: Forward the identity headers explicitly at the hop named by the first divergence
           (allow-list them or re-inject them in a pre-call hook).
       2.  no_trace                    $0    0.0%  1 call  tenant, team, workload
           first divergence: (untraced) -> ledger
           fix: Instrument the caller (OpenTelemetry GenAI spans) and pass the trace id to the gateway;
           meanwhile back-fill from the key table.
       gateway_bypass  $0.0025  1 call outside the ledger (batch-job $0.0025)
           fix: Route these calls through the gateway (or block direct provider keys) so they reach the
           ledger.

      Coverage (spend-weighted)
        layer     tagged  if recovered  untagged calls
        tenant     25.9%        100.0%  2 of 3
        team      100.0%        100.0%  1 of 3
        workload  100.0%        100.0%  1 of 3
        recoverable: tenant $0.0080 (top: globex from call_span)

      Findings
        joins: 3 gateway calls, 2 by response_id, 0 by trace_id, 0 by fuzzy; 1 without spans, 1 span call without a row
        retries: no retry chains
        cache: 0 gateway hits saved $0; prompt-cache reads 0 tokens in 0 calls, $0 below the input rate; 0 inferred hits
        model substitution: none
        gateway spend drift: reported $0.0116 vs rate card $0.0108 (ratio 1.074, DRIFT)
        alerts: none (2 groups compared, 2026-04-28 vs the 7 days before)
        reconciliation: no provider usage export read
        integrity: clean (3 traces checked)
        privacy: no personal data found in telemetry

      Spend by
        teams: search $0.0133, (untagged) n/a
        tenants: (untagged) $0.0080, acme $0.0053
        models: gpt-4o $0.0108, gpt-4o-mini $0.0025, acme-llm n/a
        days: 2026-05-04 (1 day)

      Notes
        - 1 model not on the rate card, left out of spend (never priced at 0): acme-llm (330 tokens); add them with --prices FILE
        - 1 ledger call without a price: counted as calls, not as spend
        - Gateway spend differs from the rate card by more than 1% for gpt-4o (reported 0.0116 USD, rate card 0.0108 USD)
        - 1 gateway call not compared with the rate card (1 state no spend, 0 have an unpriced model)
      "
    `);
  });

  it("terminal: colour only when asked for", () => {
    expect(RENDERERS.terminal(report)).not.toContain("\u001b[");
    expect(renderTerminal(report, { color: true })).toContain("\u001b[1m$0.0108\u001b[22m");
  });

  it("markdown for a ticket", () => {
    expect(RENDERERS.md(normalised(report))).toMatchInlineSnapshot(`
      "# spendtrail audit

      all calls; 1 input file; generated 2026-11-01T00:00:00.000Z

      ## Headline

      - Total spend (ledger, rate card): **$0.0108** over 3 calls
      - Untagged in any required layer: **$0.0080** (74.1%, 2 calls)
      - Outside the ledger: $0.0025 (1 call)
      - Unpriced tokens: 5.6% (\`acme-llm\`)

      |  | tenant | team | workload |
      | --- | --- | --- | --- |
      | untagged share | 74.1% | 0.0% | 0.0% |
      | untagged spend | $0.0080 | $0 | $0 |
      | recoverable share | 74.1% | 0.0% | 0.0% |

      ## Fixes, ranked by untagged spend

      | # | mode | spend | share | calls | layers | first divergence | fix |
      | --- | --- | --- | --- | --- | --- | --- | --- |
      | 1 | \`gateway_header_filter\` | $0.0080 | 100.0% | 1 | tenant | \`web -> ledger\` | Forward the identity headers explicitly at the hop named by the first divergence (allow-list them or re-inject them in a pre-call hook). |
      | 2 | \`no_trace\` | $0 | 0.0% | 1 | tenant, team, workload | \`(untraced) -> ledger\` | Instrument the caller (OpenTelemetry GenAI spans) and pass the trace id to the gateway; meanwhile back-fill from the key table. |

      Example traces:

      - \`gateway_header_filter\`: \`00000000000000000000000000007432\`

      ## Coverage (spend-weighted)

      | layer | tagged | if recovered | untagged calls | recoverable spend |
      | --- | --- | --- | --- | --- |
      | tenant | 25.9% | 100.0% | 2 of 3 | $0.0080 |
      | team | 100.0% | 100.0% | 1 of 3 | $0 |
      | workload | 100.0% | 100.0% | 1 of 3 | $0 |

      ## Findings

      - joins: 3 gateway calls, 2 by response_id, 0 by trace_id, 0 by fuzzy; 1 without spans, 1 span call without a row
      - retries: no retry chains
      - cache: 0 gateway hits saved $0; prompt-cache reads 0 tokens in 0 calls, $0 below the input rate; 0 inferred hits
      - model substitution: none
      - gateway spend drift: reported $0.0116 vs rate card $0.0108 (ratio 1.074, DRIFT)
      - alerts: none (2 groups compared, 2026-04-28 vs the 7 days before)
      - reconciliation: no provider usage export read
      - integrity: clean (3 traces checked)
      - privacy: no personal data found in telemetry

      ## Spend by

      - teams: search $0.0133, (untagged) n/a
      - tenants: (untagged) $0.0080, acme $0.0053
      - models: gpt-4o $0.0108, gpt-4o-mini $0.0025, acme-llm n/a
      - days: 2026-05-04 (1 day)

      ## Notes

      - 1 model not on the rate card, left out of spend (never priced at 0): acme-llm (330 tokens); add them with --prices FILE
      - 1 ledger call without a price: counted as calls, not as spend
      - Gateway spend differs from the rate card by more than 1% for gpt-4o (reported 0.0116 USD, rate card 0.0108 USD)
      - 1 gateway call not compared with the rate card (1 state no spend, 0 have an unpriced model)
      "
    `);
  });

  it("escapes table cells in markdown", () => {
    const piped = { ...report, fixes: report.fixes.map((f) => ({ ...f, firstDivergence: "a|b -> c" })) };
    expect(RENDERERS.md(piped)).toContain("`a\\|b -> c`");
  });

  it("html: example trace ids link to their embedded timelines", () => {
    const html = RENDERERS.html(report);
    const id = "00000000000000000000000000007432";
    // The fix's example (t2) and the bypassed call's (t4).
    expect(Object.keys(report.timelines)).toEqual([id, "00000000000000000000000000007434"]);
    expect(html).toContain(`<a href="#trace-${id}"><code>${id}</code></a>`);
    expect(html.match(new RegExp(`<details class="trace" id="trace-${id}">`, "g"))).toHaveLength(1);
    expect(html).toContain('<section class="st-timeline" id="timeline-');
    expect(html).toContain('data-metric="integrity.checked.spans" data-value="3"');
  });

  it("html: escapes strings from the input in the new sections", () => {
    const evil = "<img src=x onerror=alert(1)>";
    const hostile: AuditReport = {
      ...report,
      privacy: {
        ...report.privacy,
        findings: [
          { source: "span", kind: "email", key: evil, service: evil, count: 2, exampleTraceIds: [evil] },
        ],
      },
    };
    const html = RENDERERS.html(hostile);
    expect(html).not.toContain(evil);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});
