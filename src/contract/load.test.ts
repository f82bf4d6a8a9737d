import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { DEFAULT_CONTRACT } from "./default.js";
import { loadContract, parseContract } from "./load.js";

const FIXTURES = join(import.meta.dirname, "../../test/fixtures/contracts");

describe("loadContract", () => {
  it("is the default contract without a file", async () => {
    const contract = await loadContract();
    expect(contract).toBe(DEFAULT_CONTRACT);
    expect(contract.required).toEqual(["tenant", "team", "workload"]);
    expect(contract.keys.team.slice(0, 2)).toEqual(["team_id", "team.id"]);
  });

  it("extends: the file's keys first, then the defaults; hashes lower-cased", async () => {
    const contract = await loadContract(join(FIXTURES, "extend.yaml"));
    expect(contract.keys.tenant.slice(0, 3)).toEqual(["org_slug", "x_customer", "tenant_id"]);
    expect(contract.keys.team.slice(0, 2)).toEqual(["squad", "team_id"]);
    expect(contract.keys.workload).toEqual(DEFAULT_CONTRACT.keys.workload);
    expect(contract.required).toEqual(["tenant", "team"]);
    expect(contract.masterKeyHashes).toEqual([
      "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b",
    ]);
    expect(contract.source).toBe(join(FIXTURES, "extend.yaml"));
  });

  it("replaces: only the file's keys, all three layers required unless it says otherwise", async () => {
    const contract = await loadContract(join(FIXTURES, "replace.json"));
    expect(contract.keys).toEqual({
      tenant: [],
      team: ["cost_center", "squad"],
      workload: [],
      project: [],
      feature: [],
    });
    expect(contract.required).toEqual(["tenant", "team", "workload"]);
    expect(contract.learnMasterKeys).toBe(false);
  });

  it("names the file and the path of every bad field", async () => {
    const file = join(FIXTURES, "typo.yaml");
    const error = await loadContract(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message.startsWith(`${file}: `)).toBe(true);
    expect(message).toContain("keys.team.1: Invalid input: expected string, received number");
    expect(message).toContain('keys: Unrecognized key: "tenat"');
    expect(message).toContain("required.1: ");
    expect((error as ConfigError).code).toBe("E_CONFIG_INVALID");
  });

  it("reports unreadable files, bad syntax and bad modes as ConfigError", async () => {
    await expect(loadContract(join(FIXTURES, "missing.yaml"))).rejects.toThrow(/missing\.yaml: cannot read/);
    expect(() => parseContract("keys: [", "c.yaml")).toThrow(/^c\.yaml: not valid YAML/);
    expect(() => parseContract("{", "c.json")).toThrow(/^c\.json: not valid JSON/);
    expect(() => parseContract("mode: merge", "c.yaml")).toThrow(/c\.yaml: mode: /);
    expect(() => parseContract("keys:\n  team: ['']", "c.yaml")).toThrow(
      "keys.team.0: a key must not be empty",
    );
  });

  it("accepts an empty file as the default contract", () => {
    expect(parseContract("", "empty.yaml").keys).toEqual(DEFAULT_CONTRACT.keys);
  });
});
