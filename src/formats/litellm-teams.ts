import type { GatewayTeamRow } from "../record/gateway.js";
import { type RowContext, readRows } from "./gateway/drive.js";
import { idField, requireColumns, textField } from "./gateway/fields.js";
import type { FormatReader, Sample } from "./reader.js";
import { sampleShape } from "./records/encoding.js";

const EXPECTED = "a LiteLLM_TeamTable export with columns team_id, team_alias, ...";

/**
 * LiteLLM `LiteLLM_TeamTable`: psql CSV export, JSON array (`/team/list`), `/v2/team/list`
 * pages `{teams: [...]}` or NDJSON. Gives each team id its human name.
 */
export const litellmTeamsReader: FormatReader = {
  id: "litellm-teams",
  description: "LiteLLM LiteLLM_TeamTable export (team ids -> aliases)",
  produces: "gateway_teams",
  detect,
  read: (input, sink) =>
    readRows(input, sink, {
      checkHeader: requireColumns([["team_id"], ["team_alias"]], EXPECTED),
      map: teamRow,
      emit: (rows) => sink.gatewayTeams(rows),
    }),
};

function detect(sample: Sample): number {
  const keys = sampleShape(sample)?.keys;
  if (!keys?.has("team_id") || !keys.has("team_alias")) return 0;
  if (keys.has("token") || keys.has("request_id")) return 0;
  const teamish = ["members_with_roles", "admins", "members", "max_budget", "models"].some((key) =>
    keys.has(key),
  );
  return teamish ? 85 : 60;
}

export function teamRow(fields: Record<string, unknown>, ctx: RowContext): GatewayTeamRow {
  return {
    source_file: ctx.file,
    team_id: idField(fields, "team_id", "team_id"),
    team_alias: textField(fields, "team_alias").trim(),
  };
}
