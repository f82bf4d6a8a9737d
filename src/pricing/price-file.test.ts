import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { priceOf } from "./explain.js";
import { GENAI_PRICES_SOURCE } from "./genai-prices.js";
import { loadPriceFiles, parsePriceFile } from "./price-file.js";

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

describe("price files", () => {
  it("reads LiteLLM's per-token map as exact per-million prices", () => {
    const rows = loadPriceFiles([fixture("litellm-prices.json")]);
    // sample_spec and the per-pixel image model are skipped.
    expect(rows.map((r) => r.model)).toEqual(["gemini-2.0-flash", "azure/gpt-4o"]);
    expect(rows[0]).toMatchObject({
      provider: "vertex_ai-language-models",
      inputPerMtok: "0.15", // 1.5e-07 * 1e6
      outputPerMtok: "0.6",
      cacheReadPerMtok: "0.0375", // 3.75e-08 * 1e6, where floats give 0.037500000000000006
      cacheWritePerMtok: null,
      effectiveFrom: null,
    });
  });

  it("overrides the default for the same model (LiteLLM provider names map to call providers)", () => {
    const overrides = loadPriceFiles([fixture("litellm-prices.json")]);
    const p = priceOf("gemini-2.0-flash", { provider: "gcp.vertex_ai", overrides });
    expect(p.applied).toEqual({ input: "0.15", cacheRead: "0.0375", cacheWrite: "0.15", output: "0.6" });
    expect(p.inForce?.source).toBe(fixture("litellm-prices.json"));
    // A different provider keeps the default.
    expect(priceOf("gemini-2.0-flash", { provider: "openrouter", overrides }).inForce?.source).toMatch(
      /^genai-prices@/,
    );
  });

  it("applies table rows from their effective date, defaults before", () => {
    const overrides = loadPriceFiles([fixture("prices.yaml")]);
    const periods = priceOf("gpt-4o-2024-08-06", { provider: "openai", overrides }).periods;
    expect(
      periods.map((p) => [p.effectiveFrom, p.effectiveTo, p.inputPerMtok, p.source.split("/").pop()]),
    ).toEqual([
      [null, "2025-03-01", "2.5", GENAI_PRICES_SOURCE],
      ["2025-03-01", null, "2", "prices.yaml"],
    ]);
    const acme = priceOf("acme-internal", { overrides }).periods;
    expect(acme.map((p) => [p.effectiveFrom, p.effectiveTo, p.inputPerMtok, p.outputPerMtok])).toEqual([
      ["2025-01-01", "2025-02-01", "1", "2"],
      ["2025-02-01", null, "0.5", "1"],
    ]);
  });

  it("reports a misspelt field with file and field instead of ignoring it", () => {
    const file = fixture("prices-typo.yaml");
    expect(() => loadPriceFiles([file])).toThrow(ConfigError);
    expect(() => loadPriceFiles([file])).toThrow(
      `${file}: invalid price file: models[0].input_per_mtok: required field missing; models[0]: unknown field "inptu_per_mtok" (allowed: model, provider, match, input_per_mtok, output_per_mtok, cache_read_per_mtok, cache_write_per_mtok, effective_from)`,
    );
  });

  it("names bad values, dates and syntax", () => {
    const bad =
      "models:\n  - model: x\n    input_per_mtok: -1\n    output_per_mtok: 1\n    effective_from: 2025-02-30\n";
    expect(() => parsePriceFile(bad, "p.yaml")).toThrow(
      "p.yaml: invalid price file: models[0].input_per_mtok: expected a non-negative number (USD per million tokens); models[0].effective_from: expected a date YYYY-MM-DD",
    );
    expect(() => parsePriceFile('{"gpt-4o": {"input_cost_per_token": "cheap"}}', "m.json")).toThrow(
      'm.json: invalid price file: ["gpt-4o"].input_cost_per_token: expected a number (USD per token)',
    );
    expect(() => parsePriceFile("{", "m.json")).toThrow(/^m\.json: not valid JSON/);
    expect(() => parsePriceFile("[]", "m.yaml")).toThrow("m.yaml: expected an object");
    expect(() => parsePriceFile('{"sample_spec": {}}', "m.json")).toThrow("m.json: no token prices found");
    expect(() => loadPriceFiles(["/nonexistent/prices.yaml"])).toThrow(
      /^\/nonexistent\/prices\.yaml: cannot read price file/,
    );
  });

  it("reads the same table from JSON", () => {
    const text = readFileSync(fixture("prices.yaml"), "utf8");
    const json = JSON.stringify({ models: [{ model: "m", input_per_mtok: 1.25, output_per_mtok: "5" }] });
    expect(parsePriceFile(json, "p.json")[0]).toMatchObject({
      inputPerMtok: "1.25",
      outputPerMtok: "5",
      match: "snapshot",
    });
    expect(parsePriceFile(text, "p.yaml")).toHaveLength(3);
  });
});
