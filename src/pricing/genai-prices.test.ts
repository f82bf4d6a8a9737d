import { describe, expect, it } from "vitest";
import { priceOf } from "./explain.js";
import { GENAI_PRICES_SOURCE } from "./genai-prices.js";

// Real model ids as instrumentations and gateways report them, against the bundled data.
const at = new Date("2025-03-01T12:00:00Z");
const applied = (model: string, provider: string | null = null) => priceOf(model, { provider, at }).applied;
const matched = (model: string, provider: string | null = null) => {
  const p = priceOf(model, { provider, at }).inForce;
  return p === null ? null : `${p.matchedProvider}/${p.matchedModel}`;
};

describe("genai-prices defaults", () => {
  it("names its source with the installed version", () => {
    expect(GENAI_PRICES_SOURCE).toMatch(/^genai-prices@\d+\.\d+\.\d+/);
  });

  it("prices dated snapshots as their model", () => {
    expect(matched("gpt-4o-mini-2024-07-18")).toBe("openai/gpt-4o-mini");
    expect(applied("gpt-4o-mini-2024-07-18")).toEqual({
      input: "0.15",
      cacheRead: "0.075",
      cacheWrite: "0.15",
      output: "0.6",
    });
    expect(matched("claude-3-5-sonnet-20241022", "anthropic")).toBe("anthropic/claude-3-5-sonnet");
    expect(applied("claude-3-5-sonnet-20241022", "anthropic")).toEqual({
      input: "3",
      cacheRead: "0.3",
      cacheWrite: "3.75",
      output: "15",
    });
  });

  it("uses the base of tiered prices and says so", () => {
    const p = priceOf("claude-sonnet-4-5", { at });
    expect(p.applied).toEqual({ input: "3", cacheRead: "0.3", cacheWrite: "3.75", output: "15" });
    expect(p.inForce?.notes).toContain("input_mtok is tiered (6 above 200000 input tokens); base 3 used");
  });

  it("maps OTel provider names and LiteLLM provider prefixes", () => {
    expect(matched("gemini-2.0-flash", "gcp.vertex_ai")).toBe("google/gemini-2.0-flash");
    expect(applied("gemini-2.0-flash")).toEqual({
      input: "0.1",
      cacheRead: "0.025",
      cacheWrite: "0.1",
      output: "0.4",
    });
    expect(matched("openai/gpt-4o")).toBe("openai/gpt-4o");
    expect(matched("openai/gpt-4o", "litellm")).toBe("openai/gpt-4o");
    expect(matched("gpt-4o", "my-gateway")).toBe("openai/gpt-4o");
    expect(priceOf("gpt-4o", { provider: "my-gateway", at }).inForce?.notes[0]).toMatch(
      /matched by model name/,
    );
  });

  it("returns nothing for an unknown model rather than a zero price", () => {
    const p = priceOf("acme-llm-7b", { provider: "acme", at });
    expect(p.inForce).toBeNull();
    expect(p.applied).toBeNull();
    expect(p.periods).toEqual([]);
  });

  it("turns start-date price changes into dated periods", () => {
    // o3: 10/40 per MTok until 2025-06-09, 2/8 from 2025-06-10.
    const { periods } = priceOf("o3", { provider: "openai" });
    expect(periods.map((p) => [p.effectiveFrom, p.effectiveTo, p.inputPerMtok, p.outputPerMtok])).toEqual([
      [null, "2025-06-10", "10", "40"],
      ["2025-06-10", null, "2", "8"],
    ]);
    expect(priceOf("o3", { at: new Date("2025-06-09T23:59:59Z") }).applied?.output).toBe("40");
    expect(priceOf("o3", { at: new Date("2025-06-10T00:00:00Z") }).applied?.output).toBe("8");
  });
});
