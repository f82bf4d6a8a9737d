import { describe, expect, it } from "vitest";
import { isSubstitution, modelFamily } from "./modelFamily.js";

describe("modelFamily", () => {
  it.each([
    ["gpt-4o", "gpt-4o"],
    ["gpt-4o-2024-08-06", "gpt-4o"],
    ["GPT-4o-2024-08-06 ", "gpt-4o"],
    ["openai/gpt-4o", "gpt-4o"],
    ["azure/openai/gpt-4o-2024-05-13", "gpt-4o"],
    ["gpt-4o-mini-2024-07-18", "gpt-4o-mini"],
    ["gpt-4-0613", "gpt-4"],
    ["gpt-4-1106-preview", "gpt-4"],
    ["gpt-4.5-preview", "gpt-4.5"],
    ["chatgpt-4o-latest", "chatgpt-4o"],
    ["claude-3-5-sonnet-20241022", "claude-3-5-sonnet"],
    ["claude-3-5-sonnet-latest", "claude-3-5-sonnet"],
    ["anthropic/claude-3-5-sonnet-20241022", "claude-3-5-sonnet"],
    ["claude-3-5-sonnet@20240620", "claude-3-5-sonnet"],
    ["us.anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3-5-sonnet"],
    ["vertex_ai/gemini-1.5-pro-001", "gemini-1.5-pro"],
    ["gemini-1.5-pro-preview-0514", "gemini-1.5-pro"],
    ["gemini-2.0-flash", "gemini-2.0-flash"],
    ["o3", "o3"],
    ["", ""],
  ])("%s -> %s", (model, family) => {
    expect(modelFamily(model)).toBe(family);
  });
});

describe("isSubstitution", () => {
  it("ignores snapshots, aliases and provider prefixes of the same model", () => {
    expect(isSubstitution("gpt-4o", "gpt-4o-2024-08-06")).toBe(false);
    expect(isSubstitution("claude-3-5-sonnet-latest", "claude-3-5-sonnet-20241022")).toBe(false);
    expect(isSubstitution("openai/gpt-4o", "gpt-4o")).toBe(false);
  });

  it("flags a different model, including a smaller sibling", () => {
    expect(isSubstitution("gpt-4o", "gpt-4o-mini")).toBe(true);
    expect(isSubstitution("gpt-4o", "gpt-4o-mini-2024-07-18")).toBe(true);
    expect(isSubstitution("claude-3-5-sonnet-20241022", "claude-3-5-haiku-20241022")).toBe(true);
  });

  it("does not flag a call whose request or response model is unknown", () => {
    expect(isSubstitution("", "gpt-4o")).toBe(false);
    expect(isSubstitution("gpt-4o", " ")).toBe(false);
  });
});
