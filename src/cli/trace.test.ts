import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { traceId, World } from "../analyses/fixtures/world.js";
import type { Timeline } from "../analyses/timeline.js";
import { ChdbEngine } from "../engine/chdb.js";
import { memoryIo } from "./io.js";
import { run } from "./main.js";

const ID = traceId("checkout-request");
const IDS = { tenant: "acme", team: "shop", workload: "checkout" };

describe("spendtrail trace", () => {
  let dir: string;
  const trace = async (...args: string[]) => {
    const io = memoryIo();
    const code = await run(["trace", ...args], io);
    return { code, out: io.out(), err: io.err() };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "spendtrail-trace-"));
    const engine = await ChdbEngine.open({ dir: join(dir, "db") });
    await new World()
      .span({
        trace: "checkout-request",
        span: "root",
        service: "shop",
        kind: "Server",
        name: "POST /checkout",
        at: 0,
        dur: 2,
      })
      .span({
        trace: "checkout-request",
        span: "llm",
        parent: "root",
        service: "shop",
        name: "chat gpt-4o",
        at: 0.5,
        llm: { model: "gpt-4o", identity: IDS, input: 10, output: 2 },
      })
      .load(engine);
    await engine.close();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints the timeline as JSON, identities hashed on request", async () => {
    const plain = await trace(ID.toUpperCase(), "--db", join(dir, "db"), "--format", "json");
    expect(plain.code, plain.err).toBe(0);
    const timeline = JSON.parse(plain.out) as Timeline;
    expect(timeline.events.map((e) => [e.service, e.operation, e.identity.tenant])).toEqual([
      ["shop", "POST /checkout", null],
      ["shop", "chat gpt-4o", "acme"],
    ]);
    const hashed = await trace(
      ID.slice(0, 12),
      "--db",
      join(dir, "db"),
      "--format",
      "json",
      "--hash-identities",
      "--salt",
      "s",
    );
    expect((JSON.parse(hashed.out) as Timeline).events[1]?.identity.tenant).toMatch(/^h:[0-9a-f]{16}$/);
    expect(hashed.out).not.toContain("acme");
  });

  it("exits 2 for an id nothing is stored under, an id that is not one, or no data", async () => {
    const missing = await trace("f".repeat(32), "--db", join(dir, "db"));
    expect([missing.code, missing.out]).toEqual([
      2,
      `trace ${"f".repeat(32)}: nothing stored for this trace id (no spans, log lines, gateway rows or captures)\n`,
    ]);
    const bad = await trace("not-a-trace", "--db", join(dir, "db"));
    expect([bad.code, bad.err]).toEqual([
      2,
      'spendtrail: trace id "not-a-trace" is not hex; expected 32 hex digits (or a prefix of at least 8)\n',
    ]);
    const none = await trace(ID);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/trace: give input files or directories/);
  });
});
