import type { ServiceDef } from "./catalog.js";
import type { Attrs, DemoCall, DemoEvent, DemoSpan, SpanKind } from "./model.js";
import type { Provider } from "./prices.js";
import type { Rng } from "./random.js";

/** 2026-10-05T00:00:00Z, a Monday: the demo period is three ISO weeks from here. */
export const DEMO_START_US = Date.UTC(2026, 9, 5) * 1000;
export const DEMO_DAYS = 21;
export const DAY_US = 86_400_000_000;
export const HOUR_US = 3_600_000_000;
export const SECOND_US = 1_000_000;

export interface SpanInit {
  service: ServiceDef;
  name: string;
  kind: SpanKind;
  /** Parent span; a root span needs `traceId` instead. */
  parent: DemoSpan | null;
  traceId?: string;
  startUs: number;
  endUs: number;
  attributes?: Attrs;
  status?: DemoSpan["status"];
  events?: DemoEvent[];
  version?: string;
  scope?: { name: string; version: string };
}

/** Mutable generation state: the PRNG and everything emitted so far, in emission order. */
export class GenContext {
  readonly spans: DemoSpan[] = [];
  readonly calls: DemoCall[] = [];
  private chains = 0;

  constructor(
    readonly rng: Rng,
    readonly scale: number,
  ) {}

  /** A planted count or a daily volume, scaled. */
  count(base: number): number {
    return Math.max(1, Math.round(base * this.scale));
  }

  newChain(): number {
    this.chains += 1;
    return this.chains;
  }

  traceId(): string {
    return this.rng.hex(16);
  }

  /** Provider response id in the provider's own shape. */
  responseId(provider: Provider): string {
    return provider === "openai" ? `chatcmpl-${this.rng.base62(29)}` : `msg_01${this.rng.base62(22)}`;
  }

  span(init: SpanInit): DemoSpan {
    const traceId = init.parent?.traceId ?? init.traceId;
    if (traceId === undefined) throw new Error(`root span ${init.name} needs a trace id`);
    const span: DemoSpan = {
      traceId,
      spanId: this.rng.hex(8),
      parentSpanId: init.parent?.spanId ?? "",
      service: init.service,
      name: init.name,
      kind: init.kind,
      startUs: init.startUs,
      endUs: init.endUs,
      nanos: this.rng.int(0, 999),
      attributes: init.attributes ?? {},
      status: init.status ?? { code: 0 },
      events: init.events ?? [],
      version: init.version ?? init.service.version,
    };
    if (init.scope !== undefined) span.scope = init.scope;
    this.spans.push(span);
    return span;
  }

  /**
   * Start times (microseconds) for a service across the period: about `perWeekday` a day
   * (scaled, +-15%), `weekendFactor` of that on weekends, between the given UTC hours.
   * Calls never cross midnight, so day-based prices and ISO weeks stay unambiguous.
   */
  slots(
    perWeekday: number,
    opts: { weekendFactor?: number; fromHour?: number; toHour?: number } = {},
  ): number[] {
    const { weekendFactor = 0.6, fromHour = 1, toHour = 22 } = opts;
    const out: number[] = [];
    for (let day = 0; day < DEMO_DAYS; day++) {
      const weekend = day % 7 >= 5;
      const mean = perWeekday * this.scale * (weekend ? weekendFactor : 1);
      const n = Math.round(mean * (0.85 + 0.3 * this.rng.next()));
      const from = DEMO_START_US + day * DAY_US + fromHour * HOUR_US;
      const span = (toHour - fromHour) * HOUR_US;
      for (let i = 0; i < n; i++) out.push(from + Math.floor(this.rng.next() * span));
    }
    return out.sort((x, y) => x - y);
  }
}

/** UTC day index of a time inside the period (0 = 2026-10-05). */
export function dayOf(us: number): number {
  return Math.floor((us - DEMO_START_US) / DAY_US);
}
