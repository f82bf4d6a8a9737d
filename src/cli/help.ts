import { CALL_FILTER_KEYS } from "../analyses/calls.js";
import type { FormatReader } from "../formats/reader.js";
import { READERS } from "../formats/registry.js";

/** The formats `ingest` detects, for `spendtrail ingest --help` (from the reader registry). */
export function formatsHelp(): string {
  const readers = Object.values(READERS) as FormatReader[];
  const width = Math.max(0, ...readers.map((r) => r.id.length));
  const lines = readers.map((r) => `  ${r.id.padEnd(width)}  ${r.description}`);
  return ["Formats (detected from the content; .gz read transparently):", ...lines].join("\n");
}

/** The README's formats table, padded the way the Markdown formatter lays tables out. */
export function formatsMarkdown(): string {
  const readers = Object.values(READERS) as FormatReader[];
  const rows = [
    ["format id", "what it reads", "gives"],
    ...readers.map((r) => [
      `\`${r.id}\``,
      r.description.replaceAll("|", "\\|").replaceAll("*", "\\*"),
      r.produces,
    ]),
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  const [header, ...body] = rows;
  return [line(header ?? []), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

/** The `--where` keys, for `spendtrail calls --help`. */
export function callsHelp(): string {
  return `Keys for --where: ${CALL_FILTER_KEYS.join(", ")} (model matches the requested or the served model).`;
}
