import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expandPaths } from "./paths.js";

describe("expandPaths", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "spendtrail-paths-"));
    mkdirSync(join(dir, "b-dir/nested"), { recursive: true });
    mkdirSync(join(dir, ".git"));
    for (const f of [
      "z.jsonl",
      "a.csv",
      ".hidden",
      "b-dir/2.json",
      "b-dir/10.json",
      "b-dir/nested/x.gz",
      ".git/HEAD",
    ]) {
      writeFileSync(join(dir, f), "x");
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("walks directories recursively in name order and skips hidden entries", async () => {
    const { files, missing } = await expandPaths([dir]);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      "a.csv",
      "b-dir/10.json",
      "b-dir/2.json",
      "b-dir/nested/x.gz",
      "z.jsonl",
    ]);
    expect(missing).toEqual([]);
  });

  it("keeps files named explicitly, in the order given, even hidden ones", async () => {
    const { files } = await expandPaths([join(dir, "z.jsonl"), join(dir, ".hidden")]);
    expect(files).toEqual([join(dir, "z.jsonl"), join(dir, ".hidden")]);
  });

  it("reports a path that does not exist instead of throwing", async () => {
    const { files, missing } = await expandPaths([join(dir, "nope.jsonl")]);
    expect(files).toEqual([]);
    expect(missing).toEqual([{ path: join(dir, "nope.jsonl"), reason: "no such file or directory" }]);
  });
});
