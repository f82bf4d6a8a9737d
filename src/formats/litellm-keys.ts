import type { GatewayKeyRow } from "../record/gateway.js";
import { isMissing } from "../record/identity.js";
import { type RowContext, readRows } from "./gateway/drive.js";
import { idField, requireColumns, textField } from "./gateway/fields.js";
import type { FormatReader, Sample } from "./reader.js";
import { sampleShape } from "./records/encoding.js";
import { keyHashOf, objectOf } from "./records/values.js";

/** `LITELLM_PROXY_ADMIN_NAME`: the user id LiteLLM gives requests made with the master key. */
export const LITELLM_ADMIN_USER_ID = "default_user_id";
/** `LITELLM_PROXY_MASTER_KEY_ALIAS`: what LiteLLM (v1.84+, or with master-key hashing off) logs instead of the master key's hash. */
export const LITELLM_MASTER_KEY_ALIAS = "litellm_proxy_master_key";

const EXPECTED = "a LiteLLM_VerificationToken export with columns token, key_alias, team_id, user_id, ...";

/**
 * LiteLLM `LiteLLM_VerificationToken` (virtual keys): psql CSV export, JSON array/NDJSON,
 * `/key/list?return_full_object=true` pages `{keys: [...]}` or `/key/info` `{key, info}`.
 * Gives which hashed key belongs to which team, and which keys count as master keys.
 */
export const litellmKeysReader: FormatReader = {
  id: "litellm-keys",
  description: "LiteLLM LiteLLM_VerificationToken export (virtual keys -> teams)",
  produces: "gateway_keys",
  detect,
  read: (input, sink) =>
    readRows(input, sink, {
      checkHeader: requireColumns([["token"], ["team_id"]], EXPECTED),
      map: keyRow,
      emit: (rows) => sink.gatewayKeys(rows),
    }),
};

function detect(sample: Sample): number {
  const keys = sampleShape(sample)?.keys;
  if (!keys || keys.has("request_id")) return 0;
  const hasToken = keys.has("token") || (keys.has("key") && keys.has("info"));
  const keyish = ["key_alias", "key_name", "team_id", "info"].some((key) => keys.has(key));
  return hasToken && keyish ? 90 : 0;
}

/**
 * A key row. `is_master`: the key has no team (DESIGN.md section 2), or it is LiteLLM's
 * master key as the proxy records it (user `default_user_id`, or the alias
 * `litellm_proxy_master_key` in place of the hash).
 */
export function keyRow(record: Record<string, unknown>, ctx: RowContext): GatewayKeyRow {
  const info = objectOf(record.info);
  const fields = info === null ? record : { ...info, token: info.token ?? record.key };
  const keyHash = keyHashOf(idField(fields, "token", "token"));
  const teamId = textField(fields, "team_id").trim();
  const userId = textField(fields, "user_id").trim();
  const alias = textField(fields, "key_alias").trim();
  const masterNamed = [keyHash, alias].includes(LITELLM_MASTER_KEY_ALIAS) || userId === LITELLM_ADMIN_USER_ID;
  return {
    source_file: ctx.file,
    key_hash: keyHash,
    key_alias: alias,
    team_id: isMissing(teamId) ? "" : teamId,
    user_id: isMissing(userId) ? "" : userId,
    is_master: isMissing(teamId) || masterNamed,
  };
}
