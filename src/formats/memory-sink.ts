import type { AppLogRow, CaptureRow } from "../record/evidence.js";
import type { GatewayKeyRow, GatewayRow, GatewayTeamRow } from "../record/gateway.js";
import type { ProviderUsageRow } from "../record/provider-usage.js";
import type { SpanRow } from "../record/span.js";
import type { FormatReader, OtlpDocument, ReadCounts, ReadIssue, RecordSink } from "./reader.js";
import { openInput } from "./source.js";

/**
 * A RecordSink that keeps everything in arrays: the trivial implementation, for tests and for
 * callers that want rows in memory. OTLP/JSON handed to `otlpJson` is kept as given (it needs
 * an engine to be mapped) and reported as read.
 */
export class MemorySink implements RecordSink {
  readonly spanRows: SpanRow[] = [];
  readonly gatewayRowList: GatewayRow[] = [];
  readonly gatewayKeyList: GatewayKeyRow[] = [];
  readonly gatewayTeamList: GatewayTeamRow[] = [];
  readonly appLogList: AppLogRow[] = [];
  readonly captureList: CaptureRow[] = [];
  readonly providerUsageList: ProviderUsageRow[] = [];
  readonly otlpSources: ({ lines: unknown } | { documents: readonly OtlpDocument[] })[] = [];
  readonly issues: ReadIssue[] = [];

  async spans(rows: readonly SpanRow[]): Promise<void> {
    this.spanRows.push(...rows);
  }
  async gatewayRows(rows: readonly GatewayRow[]): Promise<void> {
    this.gatewayRowList.push(...rows);
  }
  async gatewayKeys(rows: readonly GatewayKeyRow[]): Promise<void> {
    this.gatewayKeyList.push(...rows);
  }
  async gatewayTeams(rows: readonly GatewayTeamRow[]): Promise<void> {
    this.gatewayTeamList.push(...rows);
  }
  async appLogs(rows: readonly AppLogRow[]): Promise<void> {
    this.appLogList.push(...rows);
  }
  async captures(rows: readonly CaptureRow[]): Promise<void> {
    this.captureList.push(...rows);
  }
  async providerUsage(rows: readonly ProviderUsageRow[]): Promise<void> {
    this.providerUsageList.push(...rows);
  }
  async otlpJson(source: { lines: unknown } | { documents: readonly OtlpDocument[] }): Promise<ReadCounts> {
    this.otlpSources.push(source);
    return { read: "documents" in source ? source.documents.length : 0, skipped: 0 };
  }
  issue(issue: ReadIssue): void {
    this.issues.push(issue);
  }
}

/** Reads one file with one reader into memory: rows, issues and the reader's counts. */
export async function readIntoMemory(
  reader: FormatReader,
  file: string,
): Promise<{ sink: MemorySink; counts: ReadCounts }> {
  const sink = new MemorySink();
  const counts = await reader.read(await openInput(file), sink);
  return { sink, counts };
}
