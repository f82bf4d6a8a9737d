import { renderHtml } from "./html.js";
import { renderMarkdown } from "./markdown.js";
import type { AuditReport } from "./model.js";
import { renderTerminal } from "./terminal.js";

/** A renderer: the report model in, the document out. Pure: no I/O, no clock. */
export type Renderer = (report: AuditReport) => string;

/** The report as one JSON document (the model itself, `schema/audit-report.schema.json`). */
export function renderJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Report renderers by `--format` name: the CLI's choices are this object's keys. Adding a
 * format is one line here plus its file.
 */
export const RENDERERS = {
  terminal: (report) => renderTerminal(report),
  json: renderJson,
  md: renderMarkdown,
  html: renderHtml,
} as const satisfies Record<string, Renderer>;

export type RendererName = keyof typeof RENDERERS;
