import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { loadMapping, parseMapping } from "./gateway/mapping.js";
import { genericGatewayReader } from "./generic-gateway.js";
import { MemorySink } from "./memory-sink.js";
import { openInput } from "./source.js";

const fixture = (name: string) =>
  fileURLToPath(new URL(`./fixtures/generic-gateway/${name}`, import.meta.url));

describe("generic-gateway", () => {
  it("reads a CSV log through a YAML mapping", async () => {
    const mapping = await loadMapping(fixture("ai-gw.map.yaml"));
    const reader = genericGatewayReader(mapping);
    const input = await openInput(fixture("ai-gw.csv"));
    expect(reader.detect(input.sample)).toBe(100);
    expect(genericGatewayReader(null).detect(input.sample)).toBe(0);
    const sink = new MemorySink();
    expect(await reader.read(input, sink)).toEqual({ read: 4, skipped: 1 });
    expect(sink.issues).toEqual([
      expect.objectContaining({
        line: 5,
        code: "bad_value",
        message: "prompt_tokens is '12.5'; expected a whole number",
      }),
    ]);
    const [search, master, limited] = sink.gatewayRowList;
    expect(search).toMatchObject({
      source_format: "generic-gateway",
      request_id: "gw-000184",
      api_key_hash: "330f67f2340be69da01851c5cc6eff49dd9c3cd30a14855ae310d655b0653869",
      spend: 0.00031815,
      prompt_tokens: 1149,
      cache_read_tokens: 1024,
      cache_write_tokens: null,
      start_time: "2025-06-02 14:03:11.482000",
      end_time: "2025-06-02 14:03:13.900000",
      model: "gpt-4o-mini",
      provider: "openai",
      status: "200",
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      attributes: { team_id: "team-search", tenant_id: "acme-corp" },
    });
    expect(master).toMatchObject({ api_key_hash: "", attributes: {}, cache_read_tokens: null });
    expect(limited).toMatchObject({ status: "429", prompt_tokens: null, spend: null });
    expect(JSON.stringify(sink.gatewayRowList)).not.toContain("sk-svc");
  });

  it("says which file and field of a mapping is wrong", async () => {
    expect(() => parseMapping({ columns: { request_id: "id" }, spendUnit: "euro" }, "bad.yaml")).toThrow(
      ConfigError,
    );
    expect(() => parseMapping({ columns: { request_id: "id", colour: "x" } }, "bad.yaml")).toThrow(
      /^bad\.yaml: invalid gateway column mapping: columns\.start_time: .*; columns: Unrecognized key: "colour"$/,
    );
    const path = join(mkdtempSync(join(tmpdir(), "spendtrail-map-")), "broken.yaml");
    writeFileSync(path, "columns: [unclosed");
    await expect(loadMapping(path)).rejects.toThrow(`${path}: not valid YAML or JSON`);
  });

  it("reads nested JSON paths from NDJSON with a JSON mapping", async () => {
    const dir = mkdtempSync(join(tmpdir(), "spendtrail-generic-"));
    const log = join(dir, "log.ndjson");
    writeFileSync(
      log,
      '{"req": {"id": "a1"}, "at": "2025-06-02T14:03:11Z", "usage": {"in": 10, "out": 2}, "meta.team": "t1"}\n',
    );
    const mapping = parseMapping(
      {
        columns: {
          request_id: "req.id",
          start_time: "at",
          prompt_tokens: "usage.in",
          completion_tokens: "usage.out",
          attributes: { team_id: "meta.team" },
        },
      },
      "inline",
    );
    const sink = new MemorySink();
    const input = await openInput(log);
    expect(await genericGatewayReader(mapping).read(input, sink)).toEqual({ read: 1, skipped: 0 });
    expect(sink.gatewayRowList[0]).toMatchObject({
      request_id: "a1",
      prompt_tokens: 10,
      completion_tokens: 2,
      attributes: { team_id: "t1" },
    });
  });
});
