import { SpendtrailError } from "../errors.js";

/**
 * Parses `--where team=search,model=gpt-4o` into `{ team: "search", model: "gpt-4o" }`.
 * Keys must be among `validKeys`; the error lists them. A value may contain "=".
 */
export function parseWhere(text: string | undefined, validKeys: readonly string[]): Record<string, string> {
  const where: Record<string, string> = {};
  if (text === undefined) return where;
  for (const part of text.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) {
      throw new SpendtrailError(
        "E_USAGE",
        `--where: "${part}" is not key=value; expected e.g. team=search,model=gpt-4o`,
      );
    }
    const key = part.slice(0, eq).trim();
    if (!validKeys.includes(key)) {
      throw new SpendtrailError(
        "E_USAGE",
        `--where: unknown key "${key}"; valid keys: ${validKeys.join(", ")}`,
      );
    }
    where[key] = part.slice(eq + 1).trim();
  }
  return where;
}

/** Parses `--limit`: a whole number, 0 meaning no limit (null). */
export function parseLimit(text: string): number | null {
  if (!/^\d+$/.test(text.trim())) {
    throw new SpendtrailError(
      "E_USAGE",
      `--limit: "${text}" is not a whole number; expected e.g. --limit 50 (0 = all)`,
    );
  }
  const n = Number(text);
  return n === 0 ? null : n;
}
