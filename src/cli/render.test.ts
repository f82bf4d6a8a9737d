import { describe, expect, it } from "vitest";
import { csvField, renderCsv, renderJson, renderTable } from "./render.js";

const rows = [
  { model: "gpt-4o-mini", team: "support-eng", input: 1834, cost: null },
  { model: "claude-3-5-haiku", team: null, input: 4210, cost: 0.0019 },
];

describe("renderTable", () => {
  it("aligns columns, right-aligns numbers and shows null as -", () => {
    expect(renderTable(rows)).toBe(
      [
        "model             team         input    cost",
        "gpt-4o-mini       support-eng   1834       -",
        "claude-3-5-haiku  -             4210  0.0019",
        "",
      ].join("\n"),
    );
  });

  it("right-aligns the columns it is told are numeric, even when all null", () => {
    const out = renderTable([{ tenant: null, cached: null }], ["tenant", "cached"], { numeric: ["cached"] });
    expect(out).toBe("tenant  cached\n-            -\n");
  });

  it("cuts long cells and flattens line breaks", () => {
    const out = renderTable([{ id: `${"x".repeat(60)}`, note: "a\nb" }]);
    expect(out.split("\n")[1]).toBe(`${"x".repeat(39)}…  a b`);
  });
});

describe("renderCsv", () => {
  it("quotes commas, quotes, line breaks and edge spaces, and leaves null cells empty", () => {
    const out = renderCsv([{ a: 'say "hi"', b: "x,y", c: "line\nbreak", d: " pad", e: null, f: { k: 1 } }]);
    expect(out).toBe('a,b,c,d,e,f\r\n"say ""hi""","x,y","line\nbreak"," pad",,"{""k"":1}"\r\n');
  });

  it("leaves plain fields alone", () => {
    expect(csvField("gpt-4o")).toBe("gpt-4o");
  });
});

describe("renderJson", () => {
  it("prints an array that parses back to the rows", () => {
    expect(JSON.parse(renderJson(rows))).toEqual(rows);
    expect(renderJson([])).toBe("[]\n");
  });
});
