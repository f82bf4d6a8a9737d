import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { createGunzip, gunzipSync } from "node:zlib";
import type { LocalFile } from "../engine/engine.js";
import type { ReadInput, Sample } from "./reader.js";

/** How many decompressed bytes detection looks at. */
export const SAMPLE_BYTES = 64 * 1024;

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** Opens a file for reading: sniffs compression by magic bytes and takes a sample. */
export async function openInput(file: string): Promise<ReadInput> {
  const raw = await readHead(file, SAMPLE_BYTES);
  const gzip = raw[0] === GZIP_MAGIC[0] && raw[1] === GZIP_MAGIC[1];
  const local: LocalFile = { path: file, compression: gzip ? "gzip" : "none" };
  const stream = (): Readable => {
    const bytes = createReadStream(file);
    if (!gzip) return bytes;
    const gunzip = createGunzip();
    bytes.on("error", (err) => gunzip.destroy(err));
    return bytes.pipe(gunzip);
  };
  const sample = gzip ? await sampleOf(file, await readGzipHead(stream()), false) : sampleOf(file, raw, true);
  return {
    file,
    local,
    sample: await sample,
    stream,
    lines: () => linesOf(stream()),
  };
}

async function readHead(file: string, bytes: number): Promise<Uint8Array> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function readGzipHead(stream: Readable): Promise<{ head: Uint8Array; complete: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= SAMPLE_BYTES) {
        stream.destroy();
        return { head: Buffer.concat(chunks).subarray(0, SAMPLE_BYTES), complete: false };
      }
    }
  } catch {
    // A gzip that ends early: the sample is what could be decompressed; reading reports the error.
    return { head: Buffer.concat(chunks), complete: false };
  }
  return { head: Buffer.concat(chunks), complete: true };
}

async function sampleOf(
  name: string,
  input: Uint8Array | { head: Uint8Array; complete: boolean },
  plainFile: boolean,
): Promise<Sample> {
  const head = input instanceof Uint8Array ? input : input.head;
  let complete = input instanceof Uint8Array ? head.length < SAMPLE_BYTES : input.complete;
  if (plainFile && head.length === SAMPLE_BYTES) complete = false;
  return { name, head, text: decodeSample(head), complete };
}

/** UTF-8 text of a sample, without a BOM. */
export function decodeSample(head: Uint8Array): string {
  const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

async function* linesOf(stream: Readable): AsyncIterable<{ text: string; lineNo: number }> {
  const rl = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNo = 0;
  for await (const line of rl) {
    lineNo += 1;
    yield { text: lineNo === 1 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line, lineNo };
  }
}

/** Decompresses a whole gzip buffer (small inputs and tests). */
export function gunzipBuffer(bytes: Uint8Array): Buffer {
  return gunzipSync(bytes);
}

/** A sample built from bytes in memory, for detection tests. */
export function sampleFromBytes(name: string, bytes: Uint8Array): Sample {
  const head = bytes.subarray(0, SAMPLE_BYTES);
  return { name, head, text: decodeSample(head), complete: bytes.length <= SAMPLE_BYTES };
}
