import { describe, expect, it } from "vitest";
import { decimalPlaces, roundUsd, shiftDecimal, toDecimal } from "./money.js";

describe("decimal strings", () => {
  it("reads numbers as the decimal their author wrote", () => {
    expect(toDecimal(2.5e-7)).toBe("0.00000025");
    expect(toDecimal(1.5e-7)).toBe("0.00000015");
    expect(toDecimal(0.075)).toBe("0.075");
    expect(toDecimal(10)).toBe("10");
    expect(toDecimal("3.7500")).toBe("3.75");
    expect(toDecimal(-1)).toBeNull();
    expect(toDecimal(Number.NaN)).toBeNull();
    expect(toDecimal("1,5")).toBeNull();
  });

  it("shifts by powers of ten without float error", () => {
    // 3.75e-8 * 1e6 in floats is 0.037500000000000006; the text shift is exact.
    expect(shiftDecimal(toDecimal(3.75e-8) ?? "", 6)).toBe("0.0375");
    expect(shiftDecimal("2.5", -6)).toBe("0.0000025");
    expect(shiftDecimal("15", -6)).toBe("0.000015");
    expect(decimalPlaces("0.0000025")).toBe(7);
  });

  it("rounds half-up only for display", () => {
    expect(roundUsd("0.005")).toBe("0.01");
    expect(roundUsd("4.57889195")).toBe("4.58");
    expect(roundUsd("0.02031945", 4)).toBe("0.0203");
    expect(roundUsd("3")).toBe("3.00");
    expect(roundUsd("0.004")).toBe("0.00");
  });
});
