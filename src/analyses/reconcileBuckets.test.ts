import { describe, expect, it } from "vitest";
import {
  addDecimal,
  isZeroDecimal,
  normDecimal,
  ratioDecimal,
  subDecimal,
  withinShare,
} from "./decimalText.js";
import { type Bucket, keepBuckets, sourcesOf } from "./reconcileBuckets.js";
import { planReconcile } from "./reconcilePlan.js";

const bucket = (file: string, start: string, end: string, extra: Partial<Bucket> = {}): Bucket => ({
  provider: "openai",
  report: "usage",
  file,
  start,
  end,
  day: start.slice(0, 10),
  organization: null,
  results: 1,
  ungrouped: 0,
  ...extra,
});

describe("keepBuckets", () => {
  it("keeps an earlier file's time and drops what a later file repeats, at any bucket width", () => {
    const buckets = [
      bucket("a.json", "2026-10-05 00:00:00", "2026-10-06 00:00:00"),
      bucket("a.json", "2026-10-06 00:00:00", "2026-10-07 00:00:00"),
      // Hourly buckets of the 6th overlap a's day bucket; the 7th is new.
      bucket("b.json", "2026-10-06 10:00:00", "2026-10-06 11:00:00"),
      bucket("b.json", "2026-10-07 00:00:00", "2026-10-07 01:00:00"),
      // Another report of the same provider does not overlap usage.
      bucket("c.json", "2026-10-05 00:00:00", "2026-10-06 00:00:00", { report: "cost" }),
    ];
    const { kept, problems } = keepBuckets(buckets);
    expect(kept.map((b) => `${b.file} ${b.start}`)).toEqual([
      "a.json 2026-10-05 00:00:00",
      "a.json 2026-10-06 00:00:00",
      "b.json 2026-10-07 00:00:00",
      "c.json 2026-10-05 00:00:00",
    ]);
    expect(problems.map((p) => [p.code, p.count, p.message])).toEqual([
      [
        "overlapping_exports",
        1,
        "1 usage bucket(s) of b.json cover time an earlier file of openai already covers; they were counted once, from the earlier file",
      ],
    ]);
    expect(sourcesOf(kept).map((s) => [s.file, s.from, s.to, s.buckets])).toEqual([
      ["a.json", "2026-10-05", "2026-10-06", 2],
      ["b.json", "2026-10-07", "2026-10-07", 1],
      ["c.json", "2026-10-05", "2026-10-05", 1],
    ]);
  });
});

describe("planReconcile", () => {
  it("compares the days both sides cover and says what it leaves out", () => {
    const kept = [
      bucket("u.json", "2026-10-04 00:00:00", "2026-10-05 00:00:00", { organization: "org-A" }),
      bucket("u.json", "2026-10-05 00:00:00", "2026-10-06 00:00:00", { organization: "org-A" }),
      bucket("v.json", "2026-10-06 00:00:00", "2026-10-07 00:00:00", { organization: "org-B", ungrouped: 1 }),
    ];
    const ledger = [
      { provider: "openai", day: "2026-10-05", calls: 3 },
      { provider: "openai", day: "2026-10-07", calls: 2 },
      { provider: "anthropic", day: "2026-10-06", calls: 4 },
    ];
    const plan = planReconcile(kept, ledger);
    expect(plan.ledgerWindow).toEqual({ from: "2026-10-05", to: "2026-10-07" });
    expect([...plan.days]).toEqual([["openai", ["2026-10-05", "2026-10-06"]]]);
    expect(plan.perDay).toEqual(["openai"]);
    expect(plan.problems.map((p) => [p.code, p.severity, p.count])).toEqual([
      ["days_outside_ledger", "warning", 1],
      ["ledger_days_not_covered", "warning", 1],
      ["not_grouped_by_model", "info", 0],
      ["several_organizations", "warning", 2],
      ["providers_without_usage", "info", 4],
    ]);
  });
});

describe("decimal text", () => {
  it("adds and subtracts money exactly, signs included", () => {
    expect(addDecimal("0.1", "0.2", "-0.000000000000000001")).toBe("0.299999999999999999");
    expect(subDecimal("0.0014", "0.00175")).toBe("-0.00035");
    expect(normDecimal("-0.000")).toBe("0");
    expect(isZeroDecimal("-0.0")).toBe(true);
    expect(addDecimal()).toBe("0");
  });

  it("judges a gap within a share of a whole exactly", () => {
    expect(withinShare("-0.01", "1", 0.01)).toBe(true);
    expect(withinShare("0.010000000000000001", "1", 0.01)).toBe(false);
    expect(ratioDecimal("0.99", "1")).toBe(0.99);
    expect(ratioDecimal("1", "0")).toBeNull();
  });
});
