/**
 * Recounts every planted figure of expected.json from the written files alone, with a small
 * independent audit (joins, DESIGN.md's mode order, pricing from prices.yaml), never reading
 * the generator's own labels. If a planted call does not look like its mode in the data,
 * these tests fail.
 */
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { METADATA_PREFIXES } from "../record/identity.js";
import type { ExpectedAnswer } from "./expected.js";
import { renderDemo } from "./write.js";

type Layer = "tenant" | "team" | "workload";
const LAYERS: readonly Layer[] = ["tenant", "team", "workload"];
const HOPS = new Set(["ai-gateway", "litellm-proxy"]);

interface Span {
  traceId: string;
  spanId: string;
  parent: string;
  service: string;
  name: string;
  startNs: bigint;
  attrs: Map<string, string | string[]>;
  error: boolean;
  aborted: boolean;
}
type Row = Record<string, string | null>;
interface Call {
  row: Row | null;
  site: Span | null;
  meta: Record<string, unknown>;
  slm: Record<string, string>;
  model: string;
  date: string;
  tokens: { input: number; read: number; write: number; output: number } | null;
  cacheHit: boolean;
}

// ---- reading the files -------------------------------------------------------------------

function flat(value: Record<string, unknown>): string | string[] {
  if ("arrayValue" in value) {
    return ((value.arrayValue as { values?: Record<string, unknown>[] }).values ?? []).map((v) =>
      String(flat(v)),
    );
  }
  const [first] = Object.values(value);
  return String(first);
}

function readSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const line of text.trimEnd().split("\n")) {
    for (const rs of JSON.parse(line).resourceSpans) {
      const service = rs.resource.attributes.find((a: { key: string }) => a.key === "service.name").value
        .stringValue;
      for (const ss of rs.scopeSpans) {
        for (const s of ss.spans) {
          const attrs = new Map<string, string | string[]>();
          for (const a of s.attributes) attrs.set(a.key, flat(a.value));
          const exception = (s.events ?? []).flatMap(
            (e: { attributes: { value: { stringValue: string } }[] }) =>
              e.attributes.map((a) => a.value.stringValue),
          );
          spans.push({
            traceId: s.traceId,
            spanId: s.spanId,
            parent: s.parentSpanId ?? "",
            service,
            name: s.name,
            startNs: BigInt(s.startTimeUnixNano),
            attrs,
            error: s.status.code === 2,
            aborted: exception.includes("AbortError"),
          });
        }
      }
    }
  }
  return spans;
}

const readCsv = (text: string): Row[] =>
  parse(text, { columns: true, cast: (v, ctx) => (v === "" && !ctx.quoting ? null : v) }) as Row[];

// ---- identity, as the default contract would read it --------------------------------------

const LAYER_KEYS: Record<Layer, string[]> = {
  tenant: ["tenant_id", "tenant.id", "customer_id", "enduser.id", "user_api_key_end_user_id"],
  team: ["team_id", "team.id", "user_api_key_team_id"],
  workload: ["workflow_id"],
};
const present = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";

function spanValue(span: Span, layer: Layer): string | null {
  for (const key of LAYER_KEYS[layer]) {
    for (const prefix of ["", ...METADATA_PREFIXES]) {
      const value = span.attrs.get(prefix + key);
      if (present(value)) return value;
    }
    for (const json of ["metadata", "metadata.spend_logs_metadata"]) {
      const text = span.attrs.get(json);
      const value = typeof text === "string" ? JSON.parse(text)[key] : undefined;
      if (present(value)) return value;
    }
  }
  const header = span.attrs.get("http.request.header.x-tenant-id");
  return layer === "tenant" && Array.isArray(header) ? (header.find(present) ?? null) : null;
}
const spanHas = (span: Span, layer: Layer) => spanValue(span, layer) !== null;

function rowHas(call: Call, layer: Layer): boolean {
  const row = call.row as Row;
  if (layer === "team") return present(row.team_id);
  if (layer === "tenant") return present(row.end_user) || present(call.slm.tenant_id);
  return present(call.slm.workflow_id);
}

// ---- joining rows to spans ---------------------------------------------------------------

const responseIdOf = (s: Span): string | null => {
  const direct = s.attrs.get("gen_ai.response.id") ?? s.attrs.get("ai.response.id");
  if (typeof direct === "string") return direct;
  const output = s.attrs.get("output.value");
  return typeof output === "string" ? (JSON.parse(output).id ?? null) : null;
};
const requestModelOf = (s: Span): string => {
  const m = s.attrs.get("gen_ai.request.model");
  return typeof m === "string" ? m : JSON.parse(String(s.attrs.get("llm.invocation_parameters"))).model;
};
const isCallSite = (s: Span) =>
  !HOPS.has(s.service) &&
  (s.attrs.has("gen_ai.request.model") || s.attrs.get("openinference.span.kind") === "LLM");
const num = (v: unknown) => (typeof v === "number" ? v : Number(v ?? 0));

function rowCall(row: Row): Call {
  const meta = JSON.parse(row.metadata ?? "{}");
  const usage = meta.usage_object;
  return {
    row,
    site: null,
    meta,
    slm: meta.spend_logs_metadata ?? {},
    model: row.model ?? "",
    date: (row.startTime ?? "").slice(0, 10),
    cacheHit: row.cache_hit === "True",
    tokens: {
      input: num(row.prompt_tokens),
      read: num(usage?.prompt_tokens_details?.cached_tokens),
      write: num(usage?.cache_creation_input_tokens),
      output: num(row.completion_tokens),
    },
  };
}

/** Rows joined by response id (cache-hit suffix removed), then by trace id + model + nearest start. */
function join(rows: Row[], sites: Span[]): Call[] {
  const calls = rows.map(rowCall);
  const byResponse = new Map(sites.map((s) => [responseIdOf(s), s]));
  const taken = new Set<Span>();
  for (const call of calls) {
    const site = byResponse.get(String(call.row?.request_id).replace(/_cache_hit[\d.]+$/, ""));
    if (site === undefined) continue;
    call.site = site;
    taken.add(site);
  }
  for (const call of calls.filter((c) => c.site === null && present(c.slm.trace_id))) {
    const start = BigInt(Date.parse(`${String(call.row?.startTime).replace(" ", "T")}Z`)) * 1_000_000n;
    const candidates = sites.filter(
      (s) => s.traceId === call.slm.trace_id && !taken.has(s) && requestModelOf(s) === call.row?.model_group,
    );
    const gap = (s: Span) => (s.startNs > start ? s.startNs - start : start - s.startNs);
    candidates.sort((a, b) => (gap(a) < gap(b) ? -1 : 1));
    const site = candidates[0];
    if (site === undefined) continue;
    call.site = site;
    taken.add(site);
  }
  return calls;
}

// ---- pricing from prices.yaml --------------------------------------------------------------

interface PriceLine {
  model: string;
  effective_from?: string;
  input_per_mtok: number;
  output_per_mtok: number;
  cache_read_per_mtok: number;
  cache_write_per_mtok: number;
}
const micro = (x: number) => BigInt(Math.round(x * 1e6));

function pricer(yaml: string) {
  const lines = (YAML.parse(yaml) as { models: PriceLine[] }).models;
  const priceOf = (model: string, date: string): PriceLine => {
    const valid = lines.filter((l) => l.model === model && (l.effective_from ?? "") <= date);
    valid.sort((a, b) => ((a.effective_from ?? "") < (b.effective_from ?? "") ? 1 : -1));
    if (valid[0] === undefined) throw new Error(`no price for ${model}`);
    return valid[0];
  };
  /** Pico-dollars, exclusive buckets; `ignoreCache` prices a gateway cache hit as if served. */
  return (
    call: Pick<Call, "model" | "date" | "tokens" | "cacheHit">,
    model = call.model,
    ignoreCache = false,
  ) => {
    const t = call.tokens;
    if ((call.cacheHit && !ignoreCache) || t === null) return 0n;
    const p = priceOf(model, call.date);
    return (
      BigInt(t.input - t.read - t.write) * micro(p.input_per_mtok) +
      BigInt(t.read) * micro(p.cache_read_per_mtok) +
      BigInt(t.write) * micro(p.cache_write_per_mtok) +
      BigInt(t.output) * micro(p.output_per_mtok)
    );
  };
}

const usd = (pico: bigint) => {
  const m = (pico < 0n ? -pico : pico) + 500_000n;
  const micros = m / 1_000_000n;
  return `${pico < 0n ? "-" : ""}${micros / 1_000_000n}.${(micros % 1_000_000n).toString().padStart(6, "0")}`;
};

// ---- the independent audit ----------------------------------------------------------------

type Mode = keyof ExpectedAnswer["modes"];

class World {
  readonly children = new Map<string, Span[]>();
  readonly byId = new Map<string, Span>();
  readonly sites: Span[];
  readonly calls: Call[];
  readonly bypass: Call[];
  readonly rowOfSite = new Map<Span, Call>();
  readonly keyTeam: Map<string, string | null>;
  readonly price: ReturnType<typeof pricer>;

  constructor(files: Record<string, string>) {
    const spans = readSpans(files["traces.otlp.jsonl"] ?? "");
    for (const s of spans) {
      this.byId.set(s.spanId, s);
      this.children.set(s.parent, [...(this.children.get(s.parent) ?? []), s]);
    }
    this.sites = spans.filter(isCallSite);
    this.calls = join(readCsv(files["litellm_spendlogs.csv"] ?? ""), this.sites);
    for (const c of this.calls) if (c.site !== null) this.rowOfSite.set(c.site, c);
    const keys = readCsv(files["litellm_verificationtoken.csv"] ?? "");
    this.keyTeam = new Map(keys.map((k) => [k.token ?? "", k.team_id ?? null]));
    this.price = pricer(files["prices.yaml"] ?? "");
    this.bypass = this.sites
      .filter(
        (s) => !this.rowOfSite.has(s) && responseIdOf(s) !== null && s.attrs.has("gen_ai.usage.input_tokens"),
      )
      .map(spanCall);
  }

  hops(site: Span): Span[] {
    const out: Span[] = [];
    const queue = [...(this.children.get(site.spanId) ?? [])];
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
      if (HOPS.has(s.service)) out.push(s);
      queue.push(...(this.children.get(s.spanId) ?? []));
    }
    return out;
  }

  ancestors(site: Span): Span[] {
    const out: Span[] = [];
    for (let p = this.byId.get(site.parent); p !== undefined; p = this.byId.get(p.parent)) out.push(p);
    return out;
  }

  /** Earlier failed attempts of the same request: same trace, same parent, same model. */
  priorAttempts(site: Span): Span[] {
    return this.sites.filter(
      (s) =>
        s.traceId === site.traceId &&
        s.parent === site.parent &&
        requestModelOf(s) === requestModelOf(site) &&
        s.startNs < site.startNs &&
        s.error &&
        !s.aborted,
    );
  }

  /** DESIGN.md section 4, first match wins. */
  classify(call: Call, layer: Layer): Mode {
    if (this.keyTeam.get(call.row?.api_key ?? "") === null) return "master_key_fallback";
    const site = call.site;
    if (site === null) return "no_trace";
    const own = [site, ...this.hops(site)];
    const onOwn = own.some((s) => spanHas(s, layer));
    const stream =
      site.name.endsWith("doStream") || own.some((s) => s.attrs.get("llm.is_streaming") === "True");
    if (site.error && site.aborted && stream && onOwn) return "stream_close_late";
    const prior = this.priorAttempts(site).map((p) => this.rowOfSite.get(p));
    if (prior.some((c) => c !== undefined && rowHas(c, layer))) return "retry_header_strip";
    if (onOwn) return "gateway_header_filter";
    if (this.ancestors(site).some((a) => spanHas(a, layer))) return "async_context_loss";
    return "missing_at_call_site";
  }

  recoverable(call: Call, layer: Layer): boolean {
    if (call.site === null) return false;
    return [call.site, ...this.hops(call.site), ...this.ancestors(call.site)].some((s) => spanHas(s, layer));
  }

  teamOf(call: Call): string {
    const fromRow = call.row?.team_id;
    if (present(fromRow)) return fromRow;
    return (call.site && spanValue(call.site, "team")) ?? "?";
  }
}

function spanCall(site: Span): Call {
  const int = (key: string) => num(site.attrs.get(key));
  const date = new Date(Number(site.startNs / 1_000_000n)).toISOString().slice(0, 10);
  const tokens = {
    input: int("gen_ai.usage.input_tokens"),
    read: int("gen_ai.usage.cache_read.input_tokens"),
    write: 0,
    output: int("gen_ai.usage.output_tokens"),
  };
  return {
    row: null,
    site,
    meta: {},
    slm: {},
    model: String(site.attrs.get("gen_ai.response.model")),
    date,
    tokens,
    cacheHit: false,
  };
}

const WEEK0 = Date.parse("2026-10-05T00:00:00Z");
const weekOf = (date: string) => Math.floor((Date.parse(`${date}T00:00:00Z`) - WEEK0) / (7 * 86_400_000));
const family = (model: string) => model.replace(/-(\d{4}-\d{2}-\d{2}|\d{8})$/, "");
const tallyOf = (w: World, calls: Iterable<Call>) => {
  const list = [...calls];
  return { calls: list.length, spend_usd: usd(list.reduce((s, c) => s + w.price(c), 0n)) };
};

describe("the planted answer (expected.json) recounted from the files", () => {
  let expected: ExpectedAnswer;
  let w: World;
  beforeAll(() => {
    const demo = renderDemo();
    expected = JSON.parse(demo.files["expected.json"]);
    w = new World(demo.files);
  });

  it("joins every traced row to one call-site span and finds no row without evidence", () => {
    const joined = w.calls.filter((c) => c.site !== null).length;
    expect(joined).toBe(expected.counts.traced_calls - expected.gateway_bypass.calls);
    expect(w.calls.length + w.bypass.length).toBe(expected.counts.calls);
    expect(w.calls.length).toBe(expected.counts.ledger_calls);
  });

  it("assigns every untagged (call, layer) the planted mode, with exact calls, spend and recovery", () => {
    const modes = new Map<
      Mode,
      { calls: Set<Call>; layers: Map<Layer, Set<Call>>; unrecoverable: Set<Call> }
    >();
    const untagged = new Map<Layer, Set<Call>>(LAYERS.map((l) => [l, new Set()]));
    for (const call of w.calls) {
      for (const layer of LAYERS) {
        if (rowHas(call, layer)) continue;
        untagged.get(layer)?.add(call);
        const mode = w.classify(call, layer);
        const entry = modes.get(mode) ?? { calls: new Set(), layers: new Map(), unrecoverable: new Set() };
        entry.calls.add(call);
        entry.layers.set(layer, (entry.layers.get(layer) ?? new Set()).add(call));
        if (!w.recoverable(call, layer)) entry.unrecoverable.add(call);
        modes.set(mode, entry);
      }
    }
    for (const layer of LAYERS)
      expect(tallyOf(w, untagged.get(layer) ?? [])).toEqual(expected.untagged[layer]);
    expect([...modes.keys()].sort()).toEqual(Object.keys(expected.modes).sort());
    for (const [mode, entry] of modes) {
      const want = expected.modes[mode];
      expect(tallyOf(w, entry.calls), mode).toEqual({ calls: want.calls, spend_usd: want.spend_usd });
      const layers = Object.fromEntries([...entry.layers].map(([l, set]) => [l, tallyOf(w, set)]));
      expect(layers, mode).toEqual(want.layers);
      expect(entry.calls.size - entry.unrecoverable.size, mode).toBe(want.recoverable_calls);
      if (mode !== "no_trace") {
        const services = [...new Set([...entry.calls].map((c) => c.site?.service))].sort();
        expect(services, mode).toEqual(want.services);
      }
    }
  });

  it("finds the gateway bypass calls and every spend total", () => {
    expect(tallyOf(w, w.bypass)).toEqual({
      calls: expected.gateway_bypass.calls,
      spend_usd: expected.gateway_bypass.spend_usd,
    });
    expect([...new Set(w.bypass.map((c) => c.site?.service))]).toEqual(expected.gateway_bypass.services);
    expect(tallyOf(w, [...w.calls, ...w.bypass]).spend_usd).toBe(expected.spend.total_usd);
    expect(tallyOf(w, w.calls).spend_usd).toBe(expected.spend.ledger_usd);
    const reported = w.calls.reduce((s, c) => s + BigInt(Math.round(Number(c.row?.spend) * 1e12)), 0n);
    expect(usd(reported)).toBe(expected.spend.gateway_reported_usd);
    const teams = new Map<string, Call[]>();
    for (const c of [...w.calls, ...w.bypass]) teams.set(w.teamOf(c), [...(teams.get(w.teamOf(c)) ?? []), c]);
    expect(Object.fromEntries([...teams].map(([t, list]) => [t, tallyOf(w, list)]))).toEqual(
      expected.by_team,
    );
  });

  it("recounts retry chains and their extra spend", () => {
    const groups = new Map<string, Span[]>();
    for (const s of w.sites) {
      const key = `${s.traceId}|${s.parent}|${requestModelOf(s)}`;
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    // A chain: consecutive failed attempts (429/5xx, not a client abort), then the next attempt.
    const chains: Span[][] = [];
    for (const group of groups.values()) {
      let failed: Span[] = [];
      for (const s of [...group].sort((a, b) => (a.startNs < b.startNs ? -1 : 1))) {
        if (s.error && !s.aborted) failed.push(s);
        else if (failed.length > 0) chains.push([...failed, s]);
        if (!s.error || s.aborted) failed = [];
      }
    }
    const wasted = chains.flatMap((g) => g.slice(0, -1)).map((s) => w.rowOfSite.get(s));
    const extra = wasted.reduce((sum, c) => sum + (c ? w.price(c) : 0n), 0n);
    const attempts = chains.reduce((n, g) => n + g.length, 0);
    expect({ chains: chains.length, attempts, extra: usd(extra) }).toEqual({
      chains: expected.retries.chains,
      attempts: expected.retries.attempts,
      extra: expected.retries.extra_spend_usd,
    });
  });

  it("recounts gateway cache hits, provider cache reads and writes", () => {
    const hits = w.calls.filter((c) => c.cacheHit);
    const saved = hits.reduce((s, c) => s + w.price(c, c.model, true), 0n);
    expect({ calls: hits.length, saved_spend_usd: usd(saved) }).toEqual(expected.cache.gateway_hits);
    const billed = [...w.calls.filter((c) => !c.cacheHit), ...w.bypass];
    const reads = billed.filter((c) => (c.tokens?.read ?? 0) > 0);
    const readSaved = reads.reduce((s, c) => {
      const full = w.price({ ...c, tokens: { input: c.tokens?.read ?? 0, read: 0, write: 0, output: 0 } });
      const cached = w.price({
        ...c,
        tokens: { input: c.tokens?.read ?? 0, read: c.tokens?.read ?? 0, write: 0, output: 0 },
      });
      return s + full - cached;
    }, 0n);
    const writes = billed.filter((c) => (c.tokens?.write ?? 0) > 0);
    expect({
      calls_with_cache_read: reads.length,
      cache_read_tokens: reads.reduce((s, c) => s + (c.tokens?.read ?? 0), 0),
      calls_with_cache_write: writes.length,
      cache_write_tokens: writes.reduce((s, c) => s + (c.tokens?.write ?? 0), 0),
      read_saved_spend_usd: usd(readSaved),
    }).toEqual(expected.cache.provider_cache);
  });

  it("recounts the model substitution and its price difference", () => {
    const subs = w.calls.filter((c) => family(c.model) !== family(c.row?.model_group ?? ""));
    const actual = subs.reduce((s, c) => s + w.price(c), 0n);
    const requested = subs.reduce((s, c) => s + w.price(c, c.row?.model_group ?? ""), 0n);
    const s = expected.substitution;
    expect(new Set(subs.map((c) => `${c.row?.model_group}->${c.model}`))).toEqual(
      new Set([`${s.requested_model}->${s.served_model}`]),
    );
    expect([subs.length, usd(actual), usd(requested), usd(requested - actual)]).toEqual([
      s.calls,
      s.spend_usd,
      s.spend_at_requested_usd,
      s.difference_usd,
    ]);
  });

  it("recounts weekly output tokens per team: one team jumps above 2x, driven by one feature", () => {
    const weekly = new Map<string, number[]>();
    const features = new Map<string, number[]>();
    for (const c of [...w.calls.filter((x) => !x.cacheHit), ...w.bypass]) {
      const weeks = weekly.get(w.teamOf(c)) ?? [0, 0, 0];
      const week = weekOf(c.date);
      weeks[week] = (weeks[week] ?? 0) + (c.tokens?.output ?? 0);
      weekly.set(w.teamOf(c), weeks);
      const feature = String(c.slm["feature.id"] ?? c.site?.attrs.get("ai.telemetry.functionId"));
      const fw = features.get(feature) ?? [0, 0, 0];
      fw[week] = (fw[week] ?? 0) + (c.tokens?.output ?? 0);
      features.set(feature, fw);
    }
    expect(Object.fromEntries(weekly)).toEqual(expected.week_over_week.weekly_output_tokens);
    const alerts = [...weekly].flatMap(([team, wk]) =>
      [1, 2].filter((i) => (wk[i] ?? 0) > 2 * (wk[i - 1] ?? 0)).map((i) => ({ team, i })),
    );
    expect(alerts).toEqual([{ team: expected.week_over_week.team, i: 2 }]);
    expect(expected.week_over_week.alerts_over_2x.map((a) => a.team)).toEqual([expected.week_over_week.team]);
    const wow = expected.week_over_week;
    expect(wow.week_start).toBe("2026-10-19");
    expect(Number(wow.ratio)).toBeCloseTo(wow.output_tokens / wow.previous_output_tokens, 6);
    const driver = features.get(String(wow.feature)) ?? [];
    expect([driver[1], driver[2]]).toEqual([wow.feature_previous_output_tokens, wow.feature_output_tokens]);
    expect((driver[2] ?? 0) - (driver[1] ?? 0)).toBeGreaterThan(
      (wow.output_tokens - wow.previous_output_tokens) / 2,
    );
  });

  it("recounts the drift between the gateway's stale prices and the mid-period price change", () => {
    const { model, effective_from, gateway_drift } = expected.price_change;
    const affected = w.calls.filter(
      (c) =>
        family(c.model) === model && c.date >= effective_from && !c.cacheHit && (c.tokens?.input ?? 0) > 0,
    );
    const gateway = affected.reduce((s, c) => s + BigInt(Math.round(Number(c.row?.spend) * 1e12)), 0n);
    const rateCard = affected.reduce((s, c) => s + w.price(c), 0n);
    expect({
      calls: affected.length,
      gateway_spend_usd: usd(gateway),
      rate_card_spend_usd: usd(rateCard),
      difference_usd: usd(gateway - rateCard),
    }).toEqual(gateway_drift);
  });
});
