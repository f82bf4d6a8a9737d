import { errorMessage } from "../errors.js";
import type { ReadInput } from "./reader.js";

/**
 * The whole decompressed input as bytes. A stream that fails part way (a gzip that ends early)
 * keeps what came before it, with the error's message.
 */
export async function readWholeInput(input: ReadInput): Promise<{ bytes: Buffer; error: string | null }> {
  const chunks: Buffer[] = [];
  let error: string | null = null;
  try {
    for await (const chunk of input.stream()) chunks.push(chunk as Buffer);
  } catch (err) {
    error = errorMessage(err);
  }
  return { bytes: Buffer.concat(chunks), error };
}
