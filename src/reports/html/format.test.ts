import { describe, expect, it } from "vitest";
import { esc, metric } from "./escape.js";
import { addUsd, count, money, percent, tickMoney } from "./format.js";

describe("HTML report formatting", () => {
  it("shows dollars to the cent from 1 up, three significant digits below", () => {
    expect(
      ["31.72672938", "1234567.891", "1", "0.6128675", "0.0234324", "0.00498615", "0", "-0.10993535"].map(
        money,
      ),
    ).toEqual(["$31.73", "$1,234,567.89", "$1.00", "$0.613", "$0.0234", "$0.00499", "$0", "-$0.110"]);
    expect(money(null)).toBe("n/a");
  });

  it("shows shares to a tenth of a percent and counts with separators", () => {
    expect([0.09229224559925313, 1, 0, 0.0001, null].map(percent)).toEqual([
      "9.2%",
      "100.0%",
      "0%",
      "<0.1%",
      "n/a",
    ]);
    expect(count(2057216)).toBe("2,057,216");
  });

  it("labels axis ticks with the decimals the step needs", () => {
    expect([0, 0.5, 1, 1.5].map((v) => tickMoney(v, 0.5))).toEqual(["$0", "$0.5", "$1.0", "$1.5"]);
    expect(tickMoney(2500, 500)).toBe("$2,500");
    expect(tickMoney(1.25, 0.25)).toBe("$1.25");
  });

  it("adds decimal strings exactly", () => {
    expect(addUsd(["5.5977071", "0.6128675"])).toBe("6.2105746");
    expect(addUsd(["0.1", "0.2", null])).toBe("0.3");
    expect(addUsd(["-0.5", "0.25"])).toBe("-0.25");
    expect(addUsd([])).toBe("0");
  });

  it("escapes text and attribute values", () => {
    expect(esc(`<a href="x" title='y'>&`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;");
    expect(metric(`fixes."><b>.spend`, `1"`, "<1>")).toBe(
      '<span data-metric="fixes.&quot;&gt;&lt;b&gt;.spend" data-value="1&quot;">&lt;1&gt;</span>',
    );
  });
});
