import { describe, expect, it } from "vitest";
import { SpendtrailError } from "../errors.js";
import { parseLimit, parseWhere } from "./where.js";

const KEYS = ["team", "model", "tenant"];

describe("parseWhere", () => {
  it("parses comma-separated key=value pairs, values may hold '='", () => {
    expect(parseWhere("team=search, model=gpt-4o,tenant=a=b", KEYS)).toEqual({
      team: "search",
      model: "gpt-4o",
      tenant: "a=b",
    });
    expect(parseWhere(undefined, KEYS)).toEqual({});
  });

  it("rejects an unknown key, listing the valid ones", () => {
    expect(() => parseWhere("colour=red", KEYS)).toThrow(
      new SpendtrailError("E_USAGE", '--where: unknown key "colour"; valid keys: team, model, tenant'),
    );
  });

  it("rejects a part without '='", () => {
    expect(() => parseWhere("team", KEYS)).toThrow(/"team" is not key=value/);
  });
});

describe("parseLimit", () => {
  it("reads whole numbers, 0 meaning all", () => {
    expect(parseLimit("25")).toBe(25);
    expect(parseLimit("0")).toBeNull();
  });

  it("rejects anything else", () => {
    expect(() => parseLimit("-3")).toThrow(/not a whole number/);
    expect(() => parseLimit("ten")).toThrow(/not a whole number/);
  });
});
