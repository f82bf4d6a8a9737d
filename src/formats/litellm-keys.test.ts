import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { keyRow, litellmKeysReader as reader } from "./litellm-keys.js";
import { litellmSpendLogsReader } from "./litellm-spendlogs.js";
import { litellmTeamsReader } from "./litellm-teams.js";
import { MemorySink } from "./memory-sink.js";
import { openInput } from "./source.js";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/litellm-keys/${name}`, import.meta.url));

async function read(path: string) {
  const input = await openInput(path);
  const sink = new MemorySink();
  const counts = await reader.read(input, sink);
  return { counts, sink, input };
}

describe("litellm-keys", () => {
  it("reads a psql export: teams, users, and which keys are master keys", async () => {
    const { counts, sink, input } = await read(fixture("verification-tokens.csv"));
    expect(reader.detect(input.sample)).toBe(90);
    expect(litellmTeamsReader.detect(input.sample)).toBe(0);
    expect(litellmSpendLogsReader.detect(input.sample)).toBe(0);
    expect(counts).toEqual({ read: 5, skipped: 0 });
    expect(sink.gatewayKeyList.map(({ source_file, ...key }) => key)).toEqual([
      {
        key_hash: "3223b9237922712112b7b3d8ebb16735adf860f8bebc0a554e9d82b221364a31",
        key_alias: "search-prod",
        team_id: "team-search",
        user_id: "u-7781",
        is_master: false,
      },
      {
        key_hash: "cc60d03bed450c63c4d74dea740e792de685a31e953c1c1e5aaf627e7c911638",
        key_alias: "",
        team_id: "",
        user_id: "default_user_id",
        is_master: true,
      },
      {
        key_hash: "b39762e6aeda1848c6a06e26d183779b9a02cebc11077b2bb7e2b88033af385a",
        key_alias: "support-bot",
        team_id: "team-support",
        user_id: "u-2210",
        is_master: false,
      },
      {
        key_hash: "8100f3b9c25b619883f4a6b9ecc1b2b1247a6cc4ae80f8a605c011cd5b8e575d",
        key_alias: "jane-laptop",
        team_id: "",
        user_id: "u-9001",
        is_master: true,
      },
      {
        key_hash: "af3edf99560c6ece19544db5b48dcd038b46f9bf8e7a5779a0c7e855ba21e844",
        key_alias: "",
        team_id: "litellm-dashboard",
        user_id: "u-9001",
        is_master: false,
      },
    ]);
  });

  it("reads a /key/list page and /key/info objects; hashes a raw key", async () => {
    const page = await read(fixture("key-list.json"));
    expect(page.counts).toEqual({ read: 2, skipped: 0 });
    expect(page.sink.gatewayKeyList.map((k) => [k.key_alias, k.team_id, k.is_master])).toEqual([
      ["search-prod", "team-search", false],
      ["", "", true],
    ]);
    const info = { key: "sk-raw-test-key", info: { key_alias: "ci", team_id: "team-ci", user_id: "u-1" } };
    const row = keyRow(info, { file: "x", line: 1, warn: () => {} });
    expect(row).toEqual({
      source_file: "x",
      key_hash: "9cd045d3b793bc671c662380067d7edd467a29c6572cf1b8862c23b44d0e414c",
      key_alias: "ci",
      team_id: "team-ci",
      user_id: "u-1",
      is_master: false,
    });
  });

  it("needs the token and team_id columns", async () => {
    const { sink } = await read(fixture("../litellm-teams/team-table.csv"));
    expect(sink.issues).toEqual([
      expect.objectContaining({
        code: "missing_column",
        message: expect.stringContaining("missing column(s) token;"),
      }),
    ]);
  });
});
