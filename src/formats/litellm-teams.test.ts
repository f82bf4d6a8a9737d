import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { litellmKeysReader } from "./litellm-keys.js";
import { litellmTeamsReader as reader } from "./litellm-teams.js";
import { MemorySink } from "./memory-sink.js";
import { openInput } from "./source.js";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/litellm-teams/${name}`, import.meta.url));

async function read(path: string) {
  const input = await openInput(path);
  const sink = new MemorySink();
  const counts = await reader.read(input, sink);
  return { counts, sink, input };
}

describe("litellm-teams", () => {
  it("reads a psql TeamTable export", async () => {
    const { counts, sink, input } = await read(fixture("team-table.csv"));
    expect(reader.detect(input.sample)).toBe(85);
    expect(litellmKeysReader.detect(input.sample)).toBe(0);
    expect(counts).toEqual({ read: 3, skipped: 0 });
    expect(sink.gatewayTeamList.map(({ team_id, team_alias }) => [team_id, team_alias])).toEqual([
      ["team-search", "Search"],
      ["team-support", "Support"],
      ["team-sandbox", ""],
    ]);
  });

  it("reads a /v2/team/list page", async () => {
    const { counts, sink, input } = await read(fixture("team-list-v2.json"));
    expect(reader.detect(input.sample)).toBe(85);
    expect(counts).toEqual({ read: 2, skipped: 0 });
    expect(sink.gatewayTeamList.map((t) => t.team_alias)).toEqual(["Search", "Support"]);
  });

  it("skips a record without team_id", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "spendtrail-teams-")), "teams.json");
    writeFileSync(path, '[{"team_id": "t1", "team_alias": "One"}, {"team_alias": "Nobody"}]');
    const { counts, sink } = await read(path);
    expect(counts).toEqual({ read: 2, skipped: 1 });
    expect(sink.issues).toEqual([expect.objectContaining({ line: 1, code: "bad_record" })]);
  });
});
