import { describe, expect, it } from "vitest";
import type { IngestProgress } from "../ingest/index.js";
import { memoryIo } from "./io.js";
import { describe as describeProgress, progressLine } from "./progress.js";

const at = (bytes: number, totalBytes: number | null, done = false): IngestProgress => ({
  file: "traces/big.jsonl",
  fileIndex: 1,
  fileCount: 3,
  bytes,
  totalBytes,
  done,
});

describe("progress line", () => {
  it("says which file, how far, and how much of it", () => {
    expect(describeProgress(at(0, null))).toBe("reading traces/big.jsonl (2/3)");
    expect(describeProgress(at(120_000_000, 800_000_000))).toBe(
      "reading traces/big.jsonl (2/3): 120.0 MB of 800.0 MB (15%)",
    );
    expect(describeProgress(at(52_400_000, null))).toBe(
      "reading traces/big.jsonl (2/3): 52.4 MB decompressed",
    );
  });

  it("redraws in place at most every 200 ms and clears itself", () => {
    const io = memoryIo(true);
    let now = 1000;
    const line = progressLine(io, () => now);
    line.update(at(4_000_000, 8_000_000));
    now += 50;
    line.update(at(6_000_000, 8_000_000));
    now += 200;
    line.update(at(8_000_000, 8_000_000));
    line.update(at(0, null, true));
    line.clear();
    expect(io.err()).toBe(
      "\r\x1b[Kreading traces/big.jsonl (2/3): 4.0 MB of 8.0 MB (50%)" +
        "\r\x1b[Kreading traces/big.jsonl (2/3): 8.0 MB of 8.0 MB (100%)" +
        "\r\x1b[K",
    );
    expect(io.out()).toBe("");
  });
});
