/** One JSON record's text and the line it starts on. */
export interface JsonRecordText {
  line: number;
  text: string;
}

/** Text that is not JSON where a record or top-level value was expected. */
export interface JsonProblem {
  line: number;
  message: string;
}

export interface SplitResult {
  records: JsonRecordText[];
  problems: JsonProblem[];
}

/**
 * Keys of a top-level object whose array holds the records: API pages (`data`: LiteLLM
 * `/spend/logs/v2`, Helicone queries; `keys`: LiteLLM `/key/list`; `teams`: `/v2/team/list`).
 */
export const PAGE_KEYS: ReadonlySet<string> = new Set(["data", "keys", "teams"]);

const QUOTE = 34;
const BACKSLASH = 92;
const NEWLINE = 10;

/**
 * Splits a JSON document, fed in chunks, into record texts without holding the whole
 * document: each element of a top-level array is a record; a top-level object is one
 * record, unless it has a page array (`PAGE_KEYS`), whose elements are then the records.
 * Several top-level values may follow each other. Only the brackets and strings are tracked; each record is parsed by `JSON.parse` later,
 * so a malformed record costs that record only.
 */
export class JsonRecordSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private line = 1;
  /** Depth at which records start: 0 = the top object itself, 1 = array elements, 2 = page elements. */
  private recordDepth = -1;
  private topIsObject = false;
  private paged = false;
  private inRecord = false;
  private scalar = false;
  private recordLine = 0;
  private recordStart = 0;
  private parts: string[] = [];
  private keyExpected = false;
  private key: string | null = null;
  private lastKey = "";
  private inGarbage = false;
  private out: SplitResult = { records: [], problems: [] };

  /** Feeds the next chunk; returns the records completed in it. */
  push(chunk: string): SplitResult {
    this.out = { records: [], problems: [] };
    this.recordStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      i = this.inString ? this.stringChar(chunk, i) : this.structChar(chunk, i);
    }
    if (this.inRecord) this.parts.push(chunk.slice(this.recordStart));
    return this.out;
  }

  /** Ends the input; a record still open is reported as truncated (the line it started on). */
  end(): { truncatedAt: number | null } {
    const open = this.inRecord || this.depth > 0;
    return { truncatedAt: open ? (this.inRecord ? this.recordLine : this.line) : null };
  }

  private stringChar(chunk: string, i: number): number {
    if (this.escaped) {
      this.escaped = false;
      if (this.key !== null) this.key += chunk[i];
      return i;
    }
    const code = chunk.charCodeAt(i);
    if (code === BACKSLASH) this.escaped = true;
    else if (code === QUOTE) {
      this.inString = false;
      if (this.key !== null) {
        this.lastKey = this.key;
        this.key = null;
      }
    } else if (this.key !== null) this.key += chunk[i];
    return i;
  }

  private structChar(chunk: string, i: number): number {
    const c = chunk[i] as string;
    if (c === "\n" || c === " " || c === "\t" || c === "\r") {
      if (this.scalar) this.endRecord(chunk, i);
      if (chunk.charCodeAt(i) === NEWLINE) this.line += 1;
      return i;
    }
    if (c === "{" || c === "[") this.open(chunk, i, c);
    else if (c === "}" || c === "]") this.close(chunk, i, c);
    else if (c === ",") this.comma(chunk, i);
    else if (c === ":") this.keyExpected = false;
    else this.valueChar(i, c);
    return i;
  }

  private open(chunk: string, i: number, c: string): void {
    if (this.scalar) this.endRecord(chunk, i);
    this.inGarbage = false;
    if (this.depth === 0) {
      this.topIsObject = c === "{";
      this.recordDepth = this.topIsObject ? 0 : 1;
      this.paged = false;
    } else if (
      this.topIsObject &&
      !this.paged &&
      this.depth === 1 &&
      c === "[" &&
      PAGE_KEYS.has(this.lastKey)
    ) {
      // A page object: its `data` elements are the records, the envelope is dropped.
      this.paged = true;
      this.inRecord = false;
      this.parts = [];
      this.recordDepth = 2;
    }
    if (this.depth === this.recordDepth && !this.inRecord) this.startRecord(i, false);
    this.depth += 1;
    if (this.depth === 1 && this.topIsObject) this.keyExpected = true;
  }

  private close(chunk: string, i: number, c: string): void {
    if (this.scalar) this.endRecord(chunk, i);
    if (this.depth === 0) {
      this.garbage(c);
      return;
    }
    this.depth -= 1;
    if (this.inRecord && this.depth === this.recordDepth) this.endRecord(chunk, i + 1);
    if (this.paged && this.depth === 1) this.recordDepth = -1;
    if (this.depth === 0) this.recordDepth = -1;
  }

  private comma(chunk: string, i: number): void {
    if (this.scalar) this.endRecord(chunk, i);
    if (this.topIsObject && this.depth === 1) this.keyExpected = true;
    if (this.depth === 0) this.garbage(",");
  }

  private valueChar(i: number, c: string): void {
    if (this.depth === 0) this.garbage(c);
    else if (this.depth === this.recordDepth && !this.inRecord) this.startRecord(i, true);
    if (c === '"') {
      this.inString = true;
      if (this.topIsObject && this.depth === 1 && this.keyExpected) this.key = "";
    }
  }

  private garbage(c: string): void {
    if (this.inGarbage) return;
    this.inGarbage = true;
    this.out.problems.push({ line: this.line, message: `unexpected '${c}' outside any JSON value` });
  }

  private startRecord(i: number, scalar: boolean): void {
    this.inRecord = true;
    this.scalar = scalar;
    this.recordLine = this.line;
    this.recordStart = i;
    this.parts = [];
  }

  private endRecord(chunk: string, end: number): void {
    this.parts.push(chunk.slice(this.recordStart, end));
    this.out.records.push({ line: this.recordLine, text: this.parts.join("") });
    this.parts = [];
    this.inRecord = false;
    this.scalar = false;
  }
}
