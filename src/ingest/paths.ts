import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

/** An input path that names nothing readable, with the reason in words. */
export interface MissingPath {
  path: string;
  reason: string;
}

/**
 * Expands the paths a user gave into files: directories recursively, entries sorted by name
 * and hidden entries (names starting with ".") skipped. Paths named explicitly are kept in
 * the order given, even hidden ones. A path that does not exist or cannot be listed is
 * returned in `missing` instead of throwing.
 */
export async function expandPaths(
  paths: readonly string[],
): Promise<{ files: string[]; missing: MissingPath[] }> {
  const files: string[] = [];
  const missing: MissingPath[] = [];
  for (const path of paths) await expandOne(path, files, missing);
  return { files, missing };
}

async function expandOne(path: string, files: string[], missing: MissingPath[]): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (err) {
    missing.push({ path, reason: fsReason(err) });
    return;
  }
  if (!isDirectory) {
    files.push(path);
    return;
  }
  let names: string[];
  try {
    names = await readdir(path);
  } catch (err) {
    missing.push({ path, reason: fsReason(err) });
    return;
  }
  for (const name of names.filter((n) => !n.startsWith(".")).sort()) {
    await expandOne(join(path, name), files, missing);
  }
}

/** A file-system error as a short phrase ("no such file or directory"), without a stack. */
export function fsReason(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    case "ENOTDIR":
      return "a parent of this path is not a directory";
    default:
      return err instanceof Error ? err.message : String(err);
  }
}
