/** One element of `log.entries`, as JSON text, with its 1-based index. */
export interface HarEntryText {
  index: number;
  text: string;
}

const QUOTE = 34;
const BACKSLASH = 92;

/** A container being read: object or array, and the key it sits under in its parent. */
interface Frame {
  object: boolean;
  key: string;
}

/**
 * Splits a HAR document, fed in chunks, into the texts of its `log.entries` elements without
 * holding the whole document (captures of long sessions reach hundreds of MB; one entry's
 * bodies are the most held at once). Only brackets, keys and string ends are tracked; each
 * entry is parsed by `JSON.parse` later, so a malformed entry costs that entry only.
 */
export class HarEntrySplitter {
  #stack: Frame[] = [];
  #inString = false;
  #escaped = false;
  /** Object keys are collected; other strings are skipped with indexOf. */
  #key: string | null = null;
  #keyExpected = false;
  #lastKey = "";
  #entryDepth = -1;
  #parts: string[] = [];
  #start = -1;
  #index = 0;
  #out: HarEntryText[] = [];

  /** Feeds the next chunk; returns the entries completed in it. */
  push(chunk: string): HarEntryText[] {
    this.#out = [];
    this.#start = this.#entryDepth >= 0 ? 0 : -1;
    let i = 0;
    while (i < chunk.length) i = this.#inString ? this.#string(chunk, i) : this.#struct(chunk, i);
    if (this.#start >= 0) this.#parts.push(chunk.slice(this.#start));
    return this.#out;
  }

  /** Ends the input: whether an entry (its index) or the document was left open. */
  end(): { openEntry: number | null; openDocument: boolean } {
    return {
      openEntry: this.#entryDepth >= 0 ? this.#index : null,
      openDocument: this.#stack.length > 0 || this.#inString,
    };
  }

  /** Entries found so far (complete or not). */
  get entries(): number {
    return this.#index;
  }

  #string(chunk: string, i: number): number {
    if (this.#escaped) {
      this.#escaped = false;
      if (this.#key !== null) this.#key += chunk[i];
      return i + 1;
    }
    if (this.#key === null) {
      // Skip to the next quote or backslash: bodies are long strings.
      const quote = chunk.indexOf('"', i);
      const slash = chunk.indexOf("\\", i);
      const next = slash >= 0 && (quote < 0 || slash < quote) ? slash : quote;
      if (next < 0) return chunk.length;
      i = next;
    }
    const code = chunk.charCodeAt(i);
    if (code === BACKSLASH) this.#escaped = true;
    else if (code === QUOTE) {
      this.#inString = false;
      if (this.#key !== null) {
        this.#lastKey = this.#key;
        this.#key = null;
      }
    } else if (this.#key !== null) this.#key += chunk[i];
    return i + 1;
  }

  #struct(chunk: string, i: number): number {
    const c = chunk[i];
    const top = this.#stack.at(-1);
    if (c === '"') {
      this.#inString = true;
      if (top?.object && this.#keyExpected) this.#key = "";
    } else if (c === "{" || c === "[") this.#open(chunk, i, c === "{");
    else if (c === "}" || c === "]") this.#close(chunk, i);
    else if (c === ",") this.#keyExpected = top?.object === true;
    else if (c === ":") this.#keyExpected = false;
    return i + 1;
  }

  #open(_chunk: string, i: number, object: boolean): void {
    const parent = this.#stack.at(-1);
    const key = parent?.object ? this.#lastKey : "";
    if (this.#isEntriesArray() && this.#entryDepth < 0) {
      this.#entryDepth = this.#stack.length;
      this.#index += 1;
      this.#start = i;
      this.#parts = [];
    }
    this.#stack.push({ object, key });
    this.#keyExpected = object;
  }

  #close(chunk: string, i: number): void {
    this.#stack.pop();
    this.#keyExpected = false;
    if (this.#entryDepth >= 0 && this.#stack.length === this.#entryDepth) {
      this.#parts.push(chunk.slice(this.#start, i + 1));
      this.#out.push({ index: this.#index, text: this.#parts.join("") });
      this.#parts = [];
      this.#start = -1;
      this.#entryDepth = -1;
    }
  }

  /** True when the innermost open container is the array at `log.entries`. */
  #isEntriesArray(): boolean {
    const s = this.#stack;
    return (
      s.length === 3 &&
      s[0]?.object === true &&
      s[1]?.object === true &&
      s[1].key === "log" &&
      s[2]?.object === false &&
      s[2].key === "entries"
    );
  }
}
