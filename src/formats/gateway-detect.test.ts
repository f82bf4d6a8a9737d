import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { genericGatewayReader } from "./generic-gateway.js";
import { heliconeReader } from "./helicone.js";
import { litellmKeysReader } from "./litellm-keys.js";
import { litellmPayloadReader } from "./litellm-payload.js";
import { litellmSpendLogsReader } from "./litellm-spendlogs.js";
import { litellmTeamsReader } from "./litellm-teams.js";
import { portkeyReader } from "./portkey.js";
import { detectFormat } from "./registry.js";
import { openInput } from "./source.js";

const fixture = (path: string) => fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url));
const CORPUS = "/work/shared/corpus";

const GATEWAY_READERS = [
  litellmSpendLogsReader,
  litellmPayloadReader,
  litellmKeysReader,
  litellmTeamsReader,
  heliconeReader,
  portkeyReader,
  genericGatewayReader(null),
];

describe("gateway format detection through the registry", () => {
  it.each([
    ["litellm-spendlogs/spendlogs.csv", "litellm-spendlogs"],
    ["litellm-spendlogs/spend-logs-v2-page.json", "litellm-spendlogs"],
    ["litellm-payload/payloads.ndjson", "litellm-payload"],
    ["litellm-keys/verification-tokens.csv", "litellm-keys"],
    ["litellm-keys/key-list.json", "litellm-keys"],
    ["litellm-teams/team-table.csv", "litellm-teams"],
    ["litellm-teams/team-list-v2.json", "litellm-teams"],
    ["helicone/export.jsonl", "helicone"],
    ["helicone/export.csv", "helicone"],
    ["portkey/export.jsonl", "portkey"],
    ["portkey/export.csv", "portkey"],
  ])("%s is %s", async (path, id) => {
    expect(detectFormat((await openInput(fixture(path))).sample)?.id).toBe(id);
  });

  it("the generic reader needs a mapping and is never picked on its own", async () => {
    expect(detectFormat((await openInput(fixture("generic-gateway/ai-gw.csv"))).sample)).toBeNull();
  });

  it("no gateway reader claims a corpus trace file", async () => {
    const files = readdirSync(CORPUS).filter(
      (name) => name.endsWith(".json") && !name.startsWith("litellm-proxy"),
    );
    for (const name of files.filter((n) => !n.startsWith("litellm-standard") && n !== "EXPECTED.json")) {
      const sample = (await openInput(`${CORPUS}/${name}`)).sample;
      for (const reader of GATEWAY_READERS)
        expect([name, reader.id, reader.detect(sample)]).toEqual([name, reader.id, 0]);
    }
  });
});
