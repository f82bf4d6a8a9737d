import type { Engine } from "../engine/engine.js";
import { sql } from "../engine/sql.js";
import { capturePiiSql, logPiiSql, PII_KINDS, type PiiKind, spanPiiSql } from "./privacySql.js";

export type { PiiKind } from "./privacySql.js";
export { PII_KINDS } from "./privacySql.js";

/**
 * Privacy (DESIGN.md section 6): span attributes, log fields and captured metadata that carry
 * personal data, by key, service and count. Values never leave the engine: the section holds
 * keys, kinds, counts and trace ids only.
 */

/** Where a finding was seen. */
export const PII_SOURCES = ["span", "log", "capture"] as const;
export type PiiSource = (typeof PII_SOURCES)[number];

/** The fix to make, per kind. */
export const PRIVACY_FIXES: Readonly<Record<PiiKind, string>> = {
  email:
    "Do not put email addresses on spans or in logs: use a stable pseudonymous id (a salted hash of the user id) and drop or mask the field in the collector (redaction/transform processor).",
  phone:
    "Mask phone numbers before they reach telemetry (tool arguments, request payloads): log the field's presence or a hash, never the number.",
  card_number:
    "A card-like number (passes the Luhn check) is in telemetry: remove it at the source and scrub it in the collector; card data must never leave the payment boundary.",
  raw_user_id:
    "Hash user ids before they reach telemetry (a salted sha256, the same in every service), so events still join per user without the raw id.",
};

/** One (source, kind, key, service) with the number of spans, log lines or captures carrying it. */
export interface PrivacyFinding {
  source: PiiSource;
  kind: PiiKind;
  /** Attribute or field key (dotted path for nested log fields). */
  key: string;
  /** Service (or log file, or captured host). */
  service: string;
  count: number;
  /** Traces to look at (sorted, at most `examples`); never the values. */
  exampleTraceIds: string[];
}

export interface PrivacySection {
  scanned: { spans: number; logLines: number; captures: number };
  /** Most first. */
  findings: PrivacyFinding[];
  /** Items per kind over all findings, in PII_KINDS order (0 when none). */
  byKind: { kind: PiiKind; count: number; keys: number }[];
  fixes: Readonly<Record<PiiKind, string>>;
}

interface FindingRow {
  source: PiiSource;
  kind: PiiKind;
  key: string;
  service: string;
  count: number;
  example_trace_ids: string[];
}

/** Scans spans, app logs and captures for personal data. */
export async function privacyScan(
  engine: Engine,
  options: { examples?: number } = {},
): Promise<PrivacySection> {
  const examples = options.examples ?? 3;
  const rows: FindingRow[] = [];
  for (const statement of [spanPiiSql(examples), logPiiSql(examples), capturePiiSql(examples)]) {
    rows.push(...(await engine.query<FindingRow>(statement)));
  }
  const findings = rows
    .map((r) => ({
      source: r.source,
      kind: r.kind,
      key: r.key,
      service: r.service,
      count: r.count,
      exampleTraceIds: r.example_trace_ids,
    }))
    .sort((a, b) => b.count - a.count || order(a).localeCompare(order(b)));
  return { scanned: await scanned(engine), findings, byKind: byKind(findings), fixes: PRIVACY_FIXES };
}

const order = (f: PrivacyFinding) => `${f.source}\u0000${f.kind}\u0000${f.key}\u0000${f.service}`;

function byKind(findings: readonly PrivacyFinding[]): PrivacySection["byKind"] {
  return PII_KINDS.map((kind) => {
    const of = findings.filter((f) => f.kind === kind);
    return { kind, count: of.reduce((n, f) => n + f.count, 0), keys: new Set(of.map((f) => f.key)).size };
  });
}

async function scanned(engine: Engine): Promise<PrivacySection["scanned"]> {
  const [row] = await engine.query<PrivacySection["scanned"]>(
    sql(`SELECT (SELECT count() FROM otel_traces) AS spans, (SELECT count() FROM app_logs) AS logLines,
  (SELECT count() FROM captures) AS captures`),
  );
  return row ?? { spans: 0, logLines: 0, captures: 0 };
}
