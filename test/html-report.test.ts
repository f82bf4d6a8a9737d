/**
 * The HTML report in a real browser (Debian's chromium through playwright-core): the page of
 * a real audit (`spendtrail demo`) opens offline, draws its charts, shows the JSON report's
 * figures, and renders hostile strings from the input as text.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderHtml } from "../src/reports/html.js";
import type { AuditReport } from "../src/reports/model.js";
import { type DemoRun, runDemo } from "./helpers/demo-run.js";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/** Where the full-page screenshot goes, to look at by eye. */
const SCREENSHOT = join(tmpdir(), "spendtrail-html-report.png");

// CI installs chromium (.ci/run) and must run this; elsewhere a machine without it skips it.
const suite = existsSync(CHROMIUM) || process.env.CI === "true" ? describe : describe.skip;

interface Drawn {
  metric: string | null;
  value: string | null;
  width: number;
  height: number;
}

async function bars(page: Page, chart: string): Promise<Drawn[]> {
  return page.locator(`svg[data-chart="${chart}"] rect.bar`).evaluateAll((elements) =>
    elements.map((e) => {
      const box = e.getBoundingClientRect();
      return {
        metric: e.getAttribute("data-metric"),
        value: e.getAttribute("data-value"),
        width: box.width,
        height: box.height,
      };
    }),
  );
}

/**
 * The figure named `name`: its exact value and the text a reader sees in the page's text
 * (a chart may draw the same figure too: every place must carry the same value).
 */
async function figure(page: Page, name: string): Promise<{ value: string | null; text: string }> {
  const everywhere = page.locator(`[data-metric="${name}"]`);
  const values = new Set(await everywhere.evaluateAll((els) => els.map((e) => e.getAttribute("data-value"))));
  expect([...values], name).toHaveLength(1);
  const text = page.locator(`span[data-metric="${name}"]`);
  await expect(text.count(), name).resolves.toBe(1);
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees
  return { value: await text.getAttribute("data-value"), text: (await text.innerText()).trim() };
}

/** A shown money, share or count as a number (`$1,234.56`, `9.2%`, `3,691`). */
function shown(text: string): number {
  const n = Number(text.replace(/[$,%]/g, ""));
  return text.endsWith("%") ? n / 100 : n;
}

suite("HTML report in Chromium", () => {
  let demo: DemoRun;
  let report: AuditReport;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const requests: string[] = [];
  const blocked: string[] = [];

  beforeAll(async () => {
    demo = await runDemo("--scale", "0.25");
    report = demo.report;
    profile = mkdtempSync(join(tmpdir(), "spendtrail-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1200, height: 900 },
    });
    context.on("request", (r) => requests.push(r.url()));
    await context.route(
      (url) => url.protocol !== "file:",
      (route) => {
        blocked.push(route.request().url());
        return route.abort();
      },
    );
    page = await context.newPage();
    await page.goto(pathToFileURL(join(demo.dir, "report.html")).href);
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
    if (demo !== undefined) rmSync(dirname(demo.dir), { recursive: true, force: true });
  });

  it("opens offline: the page is one file and asks the network for nothing", () => {
    expect(demo.code).toBe(0);
    expect(requests).toEqual([pathToFileURL(join(demo.dir, "report.html")).href]);
    expect(blocked).toEqual([]);
    // Links inside the page (`#trace-<id>`, an example trace's timeline) are the only hrefs.
    expect(demo.html).not.toMatch(/<script|<link|<img|@import|url\(|\ssrc=|\shref="(?!#)/i);
  });

  it("links each example trace id of a finding to its timeline on the page", async () => {
    const ids = Object.keys(report.timelines);
    expect(ids.length).toBeGreaterThan(0);
    const first = report.fixes.find((f) => f.exampleTraceIds.length > 0)?.exampleTraceIds[0] ?? "";
    expect(ids).toContain(first);
    const targets = await page
      .locator('a[href^="#trace-"]')
      .evaluateAll((links) => links.map((a) => a.getAttribute("href")?.slice(1) ?? ""));
    expect(new Set(targets)).toEqual(new Set(ids.map((id) => `trace-${id}`)));
    for (const id of ids) await expect(page.locator(`details[id="trace-${id}"]`).count()).resolves.toBe(1);
    await page.locator(`a[href="#trace-${first}"]`).first().click();
    await page.locator(`details[id="trace-${first}"] > summary`).click();
    await expect(page.locator(`details[id="trace-${first}"] .st-timeline tbody tr`).count()).resolves.toBe(
      report.timelines[first]?.events.length,
    );
  });

  it("draws the three charts, each bar with a size", async () => {
    const charts = await page.locator("svg[data-chart]").evaluateAll((svgs) =>
      svgs.map((s) => {
        const box = s.getBoundingClientRect();
        return { chart: s.getAttribute("data-chart"), width: box.width, height: box.height };
      }),
    );
    expect(charts.map((c) => c.chart)).toEqual(["coverage", "untagged-by-mode", "team-spend"]);
    for (const c of charts) expect(c.width * c.height, String(c.chart)).toBeGreaterThan(100 * 100);
    for (const chart of ["coverage", "untagged-by-mode", "team-spend"]) {
      for (const bar of await bars(page, chart)) {
        expect(bar.width, String(bar.metric)).toBeGreaterThan(0);
        expect(bar.height, String(bar.metric)).toBeGreaterThan(0);
      }
    }
  });

  it("draws one bar per mode, one segment per team and day, and the coverage split per layer", async () => {
    const modes = await bars(page, "untagged-by-mode");
    expect(modes.map((b) => [b.metric, b.value])).toEqual(
      report.fixes.map((f) => [`fixes.${f.mode}.spend`, f.spend]),
    );
    // Few teams and days here, so every (day, team) with spend is its own segment.
    expect(report.rollups.days.length).toBeLessThan(62);
    const teamBars = await bars(page, "team-spend");
    const cells = report.rollups.teamDays.filter((c) => Number(c.spend) > 0);
    expect(teamBars).toHaveLength(cells.length);
    for (const cell of cells) {
      const bar = teamBars.find((b) => b.metric === `spendByTeam.${cell.key}.${cell.team}`);
      expect(Number(bar?.value), `${cell.key} ${cell.team}`).toBe(Number(cell.spend));
    }
    const coverage = await bars(page, "coverage");
    const split = report.coverage.flatMap((c) => {
      const recoverable = Number(c.recoverableSpend) / Number(c.spend);
      const parts = { tagged: c.coverage ?? 0, recoverable, lost: 1 - (c.coverage ?? 0) - recoverable };
      return Object.entries(parts)
        .filter(([, v]) => Math.round(v * 1e9) > 0)
        .map(([name]) => `coverage.${c.layer}.${name}`);
    });
    expect(coverage.map((b) => b.metric)).toEqual(split);
  });

  it("shows the headline figures of the JSON report", async () => {
    const h = report.headline;
    const money: [string, string][] = [
      ["headline.totalSpend", h.totalSpend],
      ["headline.untaggedSpend", h.untaggedSpend],
      ["headline.outsideLedgerSpend", h.outsideLedgerSpend],
      ...h.layers.flatMap((l): [string, string][] => [
        [`headline.layers.${l.layer}.untaggedSpend`, l.untaggedSpend],
        [`headline.layers.${l.layer}.recoverableSpend`, l.recoverableSpend],
      ]),
      ...report.fixes.map((f): [string, string] => [`fixes.${f.mode}.spend`, f.spend]),
    ];
    for (const [name, value] of money) {
      const { value: attr, text } = await figure(page, name);
      expect(attr, name).toBe(value);
      expect(text, name).toMatch(/^\$[\d,]+(\.\d+)?$/);
      // Dollars above 1 to the cent, below 1 to three significant digits.
      const tolerance = Number(value) >= 1 ? 0.005 : Number(value) * 0.005;
      expect(Math.abs(shown(text) - Number(value)), `${name}: ${text} vs ${value}`).toBeLessThanOrEqual(
        tolerance,
      );
    }
    const shares: [string, number | null][] = [
      ["headline.untaggedShare", h.untaggedShare],
      ["headline.unpricedShare", h.unpricedShare],
      ...h.layers.flatMap((l): [string, number | null][] => [
        [`headline.layers.${l.layer}.untaggedShare`, l.untaggedShare],
        [`headline.layers.${l.layer}.recoverableShare`, l.recoverableShare],
      ]),
    ];
    for (const [name, value] of shares) {
      const { value: attr, text } = await figure(page, name);
      expect(attr, name).toBe(String(value));
      expect(Math.abs(shown(text) - (value ?? 0)), `${name}: ${text}`).toBeLessThanOrEqual(0.0005);
    }
    const counts: [string, number][] = [
      ["headline.ledgerCalls", h.ledgerCalls],
      ["headline.untaggedCalls", h.untaggedCalls],
      ["headline.outsideLedgerCalls", h.outsideLedgerCalls],
      ...report.fixes.map((f): [string, number] => [`fixes.${f.mode}.calls`, f.calls]),
    ];
    for (const [name, value] of counts) {
      const { value: attr, text } = await figure(page, name);
      expect([name, attr, shown(text)]).toEqual([name, String(value), value]);
    }
  });

  it("reads well: a full-page screenshot", async () => {
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    // Nothing wider than the window (a string, so no DOM typings are needed here).
    const width = await page.evaluate("document.documentElement.scrollWidth");
    expect(width).toBeLessThanOrEqual(1200);
    expect(existsSync(SCREENSHOT)).toBe(true);
  });

  it("shows hostile strings from the input as text, never as markup", async () => {
    const evil = `<img src=x onerror="window.__pwned=1">"'><script>window.__pwned=2</script>`;
    const hostile: AuditReport = structuredClone(report);
    const team = hostile.rollups.teams[0];
    if (team !== undefined) team.key = evil;
    for (const cell of hostile.rollups.teamDays) cell.team = evil;
    hostile.fixes[0]?.exampleTraceIds.splice(0, 1, evil);
    hostile.fixes[0]?.divergences.splice(0, 0, { hop: evil, calls: 1, spend: "1" });
    if (hostile.fixes[0] !== undefined) hostile.fixes[0].firstDivergence = evil;
    hostile.bypass.services.push({ service: evil, calls: 1, spend: "0.5" });
    hostile.inputs.files.push({ path: evil, format: evil, records: 1, skipped: 0, issues: 0 });
    hostile.notes.push({ code: "input_issues", count: 1, message: evil });
    const other = await context.newPage();
    const dialogs: string[] = [];
    other.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await other.setContent(renderHtml(hostile));
    const markup = await other.locator("img, script, [onerror]").count();
    const pwned = await other.evaluate("window.__pwned ?? 0");
    expect([markup, pwned, dialogs]).toEqual([0, 0, []]);
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees
    expect(await other.locator("body").innerText()).toContain(evil);
    await other.close();
  });
});
