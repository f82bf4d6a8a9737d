import { describe, expect, it } from "vitest";
import { niceStep, rows, stackedColumns } from "./svg.js";

const bar = (value: number, metric: string) => ({ value, raw: value, metric, colour: "#000", title: "<t>" });

describe("SVG charts", () => {
  it("picks round tick steps", () => {
    expect([2.05, 0.4, 11.19, 1, 0].map(niceStep)).toEqual([1, 0.1, 5, 0.25, 1]);
  });

  it("stacks columns: one rect per non-zero segment, heights in proportion", () => {
    const svg = stackedColumns(
      "t",
      "test",
      [
        { label: "10-05", segments: [bar(1, "a"), bar(0, "zero"), bar(3, "b")] },
        { label: "10-06", segments: [bar(2, "c")] },
      ],
      (v) => String(v),
    );
    const heights = [...svg.matchAll(/height="([\d.]+)" fill="#000" data-metric="(\w+)"/g)].map((m) => [
      m[2],
      Number(m[1]),
    ]);
    expect(heights.map(([m]) => m)).toEqual(["a", "b", "c"]);
    const [a, b, c] = heights.map(([, h]) => Number(h));
    expect(b).toBeCloseTo(3 * (a ?? 0), 0);
    expect(c).toBeCloseTo(2 * (a ?? 0), 0);
    expect(svg).toContain("<title>&lt;t&gt;</title>");
  });

  it("draws rows left to right with the note after each bar", () => {
    const svg = rows(
      "r",
      "rows",
      [
        {
          label: "<x>",
          segments: [bar(0.5, "p"), bar(0.25, "q")],
          note: { text: "50%", metric: "n", raw: 0.5 },
        },
      ],
      1,
    );
    expect(svg.match(/class="bar"/g)).toHaveLength(2);
    expect(svg).toContain("&lt;x&gt;");
    expect(svg).toContain('data-metric="n" data-value="0.5">50%</text>');
  });
});
