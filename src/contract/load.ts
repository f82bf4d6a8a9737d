import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { ConfigError, errorMessage } from "../errors.js";
import { DIMENSIONS, type Dimension, IDENTITY_LAYERS } from "../record/identity.js";
import { DEFAULT_CONTRACT } from "./default.js";
import { type ContractFile, contractFileSchema } from "./schema.js";
import type { IdentityContract } from "./types.js";

/**
 * The identity contract: the default one, or the default combined with a user file (YAML or
 * JSON, see `contractFileSchema`). Throws ConfigError naming the file and the bad field.
 */
export async function loadContract(path?: string): Promise<IdentityContract> {
  if (path === undefined) return DEFAULT_CONTRACT;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new ConfigError(`${path}: cannot read the identity contract: ${errorMessage(err)}`, { cause: err });
  }
  return parseContract(text, path);
}

/** Parses and validates contract text; `file` names it in errors. */
export function parseContract(text: string, file: string): IdentityContract {
  let raw: unknown;
  try {
    raw = file.toLowerCase().endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ConfigError(
      `${file}: not valid ${file.endsWith(".json") ? "JSON" : "YAML"}: ${errorMessage(err)}`,
      {
        cause: err,
      },
    );
  }
  const parsed = contractFileSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new ConfigError(`${file}: ${describeIssues(parsed.error.issues)}`);
  return combine(parsed.data, file);
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const where = issue.path.length === 0 ? "(top level)" : issue.path.map(String).join(".");
      return `${where}: ${issue.message}`;
    })
    .join("; ");
}

function combine(file: ContractFile, source: string): IdentityContract {
  const extend = file.mode === "extend";
  const base = DEFAULT_CONTRACT;
  const keys = Object.fromEntries(
    DIMENSIONS.map((d: Dimension) => {
      const own = file.keys?.[d] ?? [];
      return [d, unique(extend ? [...own, ...base.keys[d]] : own)];
    }),
  ) as Record<Dimension, string[]>;
  return {
    keys,
    required: file.required ?? (extend ? base.required : IDENTITY_LAYERS),
    masterKeyHashes: unique(
      [...(extend ? base.masterKeyHashes : []), ...(file.masterKeyHashes ?? [])].map((h) => h.toLowerCase()),
    ),
    learnMasterKeys: file.learnMasterKeys ?? base.learnMasterKeys,
    source,
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
