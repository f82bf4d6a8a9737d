import { describe, expect, it } from "vitest";
import { columns, pct, periodText, usd } from "./format.js";

describe("display helpers", () => {
  it("rounds money for people only: cents from a dollar up, 4 decimals below", () => {
    expect(["1234567.891", "1.005", "0.06440236", "0.00004", "0", "-0.0008", "-12.5"].map(usd)).toEqual([
      "$1,234,567.89",
      "$1.01",
      "$0.0644",
      "<$0.0001",
      "$0",
      "-$0.0008",
      "-$12.50",
    ]);
    expect(usd(null)).toBe("n/a");
  });

  it("shows shares as percentages and nothing-to-divide as n/a", () => {
    expect([0.4241599, 1, 0, null].map(pct)).toEqual(["42.4%", "100.0%", "0.0%", "n/a"]);
  });

  it("names the period", () => {
    expect(periodText({ from: null, to: null })).toBe("all calls");
    expect(periodText({ from: "2026-10-05T00:00:00.000Z", to: null })).toBe("2026-10-05 00:00 to end");
  });

  it("aligns columns by what shows on screen, ANSI emphasis excluded", () => {
    expect(
      columns(
        [
          ["\u001b[1ma\u001b[22m", "1"],
          ["bbb", "22"],
        ],
        [1],
      ),
    ).toEqual(["\u001b[1ma\u001b[22m     1", "bbb  22"]);
  });
});
