import { describe, expect, it } from "vitest";
import { add, compare, divide, exceedsRatio, subtract } from "./decimal.js";

describe("decimal text arithmetic", () => {
  it("adds and subtracts exactly at 18 decimals", () => {
    expect(add("0.1", "0.2")).toBe("0.3");
    expect(subtract("0.0265", "0.012")).toBe("0.0145");
    expect(subtract("1", "1.000000000000000001")).toBe("-0.000000000000000001");
    expect(compare("2.50", "2.5")).toBe(0);
  });

  it("divides with half-up rounding", () => {
    expect(divide("278623", "75268")).toBe("3.701746");
    expect(divide("2", "3")).toBe("0.666667");
    expect(divide("1", "8", 2)).toBe("0.13");
  });

  it("decides the ratio exactly: equal is not above", () => {
    expect(exceedsRatio("2000", "1000", "2")).toBe(false);
    expect(exceedsRatio("2001", "1000", "2")).toBe(true);
    expect(exceedsRatio("0.300000000000000001", "0.1", "3")).toBe(true);
  });
});
