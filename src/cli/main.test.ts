import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CALL_FILTER_KEYS } from "../analyses/calls.js";
import { READERS } from "../formats/registry.js";
import { memoryIo } from "./io.js";
import { run } from "./main.js";

const scratch = mkdtempSync(join(tmpdir(), "spendtrail-cli-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await run(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe("spendtrail (no engine needed)", () => {
  it("--version prints the package version", async () => {
    const { code, out } = await cli("--version");
    expect(code).toBe(0);
    expect(out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("--help lists the commands; ingest --help lists the options and every format", async () => {
    const top = await cli("--help");
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/ingest \[options\] \[paths\.\.\.\]/);
    expect(top.out).toMatch(/calls \[options\]/);
    const ingest = await cli("ingest", "--help");
    expect(ingest.code).toBe(0);
    for (const flag of [
      "--db <dir>",
      "--contract <file>",
      "--map <file>",
      "--keep-content",
      "--format <format>",
    ]) {
      expect(ingest.out).toContain(flag);
    }
    expect(ingest.out).toContain("temporary database");
    for (const id of Object.keys(READERS)) expect(ingest.out).toContain(`  ${id} `);
  });

  it("an unknown command or flag exits 2 with a clear message and no stack", async () => {
    const command = await cli("ingset", "x");
    expect(command.code).toBe(2);
    expect(command.err).toMatch(/unknown command 'ingset'/);
    expect(command.err).toMatch(/Did you mean ingest\?/);
    const flag = await cli("calls", "--db", scratch, "--colour");
    expect(flag.code).toBe(2);
    expect(flag.err).toMatch(/unknown option '--colour'/);
    expect(`${command.err}${flag.err}`).not.toMatch(/\n\s+at /);
  });

  it("a missing argument or a bad choice exits 2", async () => {
    expect((await cli("ingest")).err).toMatch(/missing required argument 'paths'/);
    const bad = await cli("calls", "--db", scratch, "--format", "xml");
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/Allowed choices are table, json, csv/);
  });

  it("calls without a database, or with a file as --db, is a usage error", async () => {
    const none = await cli("calls");
    expect(none).toMatchObject({ code: 2, out: "" });
    expect(none.err).toMatch(/no --db given; fill one first with `spendtrail ingest <paths\.\.\.> --db DIR`/);
    const file = join(scratch, "not-a-dir");
    writeFileSync(file, "x");
    const notDir = await cli("calls", "--db", file);
    expect(notDir.code).toBe(2);
    expect(notDir.err).toContain(`--db ${file}: not a directory`);
  });

  it("a bad --where key exits 2 listing the valid keys; a bad --limit exits 2", async () => {
    const where = await cli("calls", "--db", scratch, "--where", "colour=red");
    expect(where.code).toBe(2);
    expect(where.err).toBe(
      `spendtrail: --where: unknown key "colour"; valid keys: ${CALL_FILTER_KEYS.join(", ")}\n`,
    );
    const limit = await cli("calls", "--db", scratch, "--limit", "lots");
    expect(limit.code).toBe(2);
    expect(limit.err).toMatch(/--limit: "lots" is not a whole number/);
  });

  it("a contract file that does not validate exits 2 naming the file", async () => {
    const contract = join(scratch, "contract.yaml");
    writeFileSync(contract, "keys:\n  team: 42\n");
    const { code, err } = await cli("ingest", "samples", "--contract", contract);
    expect(code).toBe(2);
    expect(err).toContain(`spendtrail: ${contract}:`);
  });
});
