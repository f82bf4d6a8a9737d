import type { ServiceDef } from "./catalog.js";
import { DAY_US, DEMO_START_US, HOUR_US } from "./context.js";
import { INTEGRITY_SERVICES } from "./integrity-catalog.js";
import type { DemoSpan, DemoWorkload } from "./model.js";
import { KIND } from "./model.js";
import { traceLines } from "./otlp.js";
import { Rng } from "./random.js";

/**
 * legacy_spans.otlp.jsonl: spans with trace ids the exporter would never write, as a JSON
 * file can hold them. pdf-renderer's hand-rolled exporter writes 64-bit (16 hex) trace ids;
 * sla-monitor starts its scheduler span with the invalid (all-zero) context, which the
 * ClickHouse exporter stores as ''.
 */
export const LEGACY_PLANTS = { wrongLength: 3, allZeros: 2 } as const;

const PDF_RENDERER: ServiceDef = {
  name: "pdf-renderer",
  team: "platform",
  project: "documents",
  version: "0.9.0",
  language: "go",
  scope: { name: "pdf-renderer/tracing", version: "0.1.0" },
};

function span(
  service: ServiceDef,
  traceId: string,
  spanId: string,
  name: string,
  startUs: number,
  rng: Rng,
): DemoSpan {
  return {
    traceId,
    spanId,
    parentSpanId: "",
    service,
    name,
    kind: KIND.internal,
    startUs,
    endUs: startUs + rng.int(40, 900) * 1000,
    nanos: rng.int(0, 999),
    attributes: {},
    status: { code: 0 },
    events: [],
    version: service.version,
  };
}

/** The legacy spans (a seeded Rng of their own). */
export function legacySpans(w: DemoWorkload): DemoSpan[] {
  const rng = new Rng((w.seed ^ 0x1e6a) >>> 0);
  const out: DemoSpan[] = [];
  for (let i = 0; i < LEGACY_PLANTS.wrongLength; i++) {
    const at = DEMO_START_US + (2 + 5 * i) * DAY_US + 14 * HOUR_US + rng.int(0, 3_000) * 1_000_000;
    out.push(span(PDF_RENDERER, rng.hex(8), rng.hex(8), "render_invoice_pdf", at, rng));
  }
  for (let i = 0; i < LEGACY_PLANTS.allZeros; i++) {
    const at = DEMO_START_US + (3 + 7 * i) * DAY_US + 8 * HOUR_US + rng.int(0, 3_000) * 1_000_000;
    out.push(span(INTEGRITY_SERVICES.slaMonitor, "0".repeat(32), rng.hex(8), "sla_check.schedule", at, rng));
  }
  return out;
}

/** The file's lines. */
export function legacySpanLines(w: DemoWorkload): Iterable<string> {
  return traceLines(legacySpans(w));
}
