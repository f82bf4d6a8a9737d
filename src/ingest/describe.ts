import type { Sample } from "../formats/reader.js";

/**
 * Says in words what an unrecognised file looks like, so the user can tell a wrong file
 * from a format spendtrail lacks. Names structure only (column names, JSON keys), never values.
 */
export function describeSample(sample: Sample): string {
  if (isBinary(sample.head)) return "it looks like binary data";
  const text = sample.text.trimStart();
  const firstLine = text.split("\n", 1)[0]?.replace(/\r$/, "") ?? "";
  if (text.startsWith("{") || text.startsWith("[")) {
    const keys = topLevelKeys(firstLine.length === text.length ? text : firstLine);
    return keys === null ? "it looks like JSON" : `it looks like JSON with keys ${listed(keys)}`;
  }
  if (firstLine.includes(",") || firstLine.includes("\t")) {
    const columns = firstLine
      .split(firstLine.includes("\t") ? "\t" : ",")
      .map((c) => c.trim().replace(/^"|"$/g, ""));
    return `it looks like a table with columns ${listed(columns)}`;
  }
  return "it looks like text";
}

function isBinary(head: Uint8Array): boolean {
  const n = Math.min(head.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i += 1) {
    const b = head[i] ?? 0;
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control += 1;
  }
  return n > 0 && control / n > 0.05;
}

function topLevelKeys(text: string): string[] | null {
  try {
    const parsed: unknown = JSON.parse(text);
    const first = Array.isArray(parsed) ? parsed[0] : parsed;
    if (first === null || typeof first !== "object" || Array.isArray(first)) return null;
    return Object.keys(first);
  } catch {
    return null;
  }
}

function listed(names: readonly string[]): string {
  const shown = names.slice(0, 6).map((n) => (n.length > 40 ? `${n.slice(0, 40)}…` : n));
  return `${shown.join(", ")}${names.length > shown.length ? `, … (${names.length} in all)` : ""}`;
}
