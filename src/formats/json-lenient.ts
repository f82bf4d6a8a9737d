/**
 * A JSON parser that keeps what it could read. Used when `JSON.parse` refuses a document
 * (a truncated download, garbage in the middle) so the records before the damage are not
 * lost, and on detection samples, which are cut at 64 KiB.
 *
 * Containers that were never closed are remembered: `isIncomplete(value)` tells a reader
 * that a span object is cut off and must be skipped, while its complete siblings are fine.
 */

export interface JsonSyntaxProblem {
  /** Character offset of the problem. */
  offset: number;
  /** 1-based line of the problem. */
  line: number;
  /** True when the text simply ended (truncation), false for a syntax error. */
  atEnd: boolean;
  message: string;
}

export interface LenientParse {
  /** What was read; undefined when not even the first value started. */
  value: unknown;
  problem: JsonSyntaxProblem | null;
}

const incomplete = new WeakSet<object>();
const MAX_DEPTH = 256;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\r\n]*/y;

/** True when this object or array was cut off before its closing bracket. */
export function isIncomplete(value: unknown): boolean {
  return typeof value === "object" && value !== null && incomplete.has(value);
}

class Stop extends Error {}

/** Parses one JSON value, keeping every complete part when the text is damaged. */
export function parseJsonLenient(text: string): LenientParse {
  const parser = new Parser(text);
  const holder: unknown[] = [];
  try {
    parser.skip();
    parser.value(holder, 0);
    parser.skip();
    if (parser.pos < text.length) parser.fail("unexpected text after the JSON value");
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
  }
  return { value: holder[0], problem: parser.problem };
}

class Parser {
  pos = 0;
  problem: JsonSyntaxProblem | null = null;
  constructor(private readonly text: string) {}

  fail(message: string): never {
    const atEnd = this.pos >= this.text.length;
    const line = countLines(this.text, this.pos);
    this.problem = { offset: this.pos, line, atEnd, message: atEnd ? "the JSON text ends early" : message };
    throw new Stop();
  }

  skip(): void {
    WHITESPACE.lastIndex = this.pos;
    WHITESPACE.exec(this.text);
    this.pos = WHITESPACE.lastIndex;
  }

  /** Parses a value and pushes it into `into` (containers are pushed before they are filled). */
  value(into: unknown[] | Record<string, unknown>, depth: number, key?: string): void {
    if (depth > MAX_DEPTH) this.fail("nesting is too deep");
    const put = (v: unknown) => {
      if (Array.isArray(into)) into.push(v);
      else into[key as string] = v;
    };
    const ch = this.text[this.pos];
    if (ch === "{") this.object(put, depth);
    else if (ch === "[") this.array(put, depth);
    else if (ch === '"') put(this.string());
    else if (ch === "t" || ch === "f" || ch === "n") put(this.literal());
    else put(this.number(ch));
  }

  private number(ch: string | undefined): number {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (m === null) this.fail(`unexpected character ${JSON.stringify(ch ?? "")}`);
    this.pos = NUMBER.lastIndex;
    return Number(m[0]);
  }

  private object(put: (v: unknown) => void, depth: number): void {
    const obj: Record<string, unknown> = {};
    this.open(obj, put);
    let done = this.text[this.pos] === "}";
    while (!done) {
      if (this.text[this.pos] !== '"') this.fail("expected a property name");
      const key = this.string();
      this.skip();
      if (this.text[this.pos] !== ":") this.fail("expected ':'");
      this.pos += 1;
      this.skip();
      this.value(obj, depth + 1, key);
      done = this.next("}");
    }
    this.close(obj);
  }

  private array(put: (v: unknown) => void, depth: number): void {
    const arr: unknown[] = [];
    this.open(arr, put);
    let done = this.text[this.pos] === "]";
    while (!done) {
      this.value(arr, depth + 1);
      done = this.next("]");
    }
    this.close(arr);
  }

  private open(container: object, put: (v: unknown) => void): void {
    incomplete.add(container);
    put(container);
    this.pos += 1;
    this.skip();
  }

  /** After a member: true at the closing bracket, false after a comma (skipped). */
  private next(closing: "}" | "]"): boolean {
    this.skip();
    const c = this.text[this.pos];
    if (c === closing) return true;
    if (c !== ",") this.fail(`expected ',' or '${closing}'`);
    this.pos += 1;
    this.skip();
    return false;
  }

  private close(container: object): void {
    incomplete.delete(container);
    this.pos += 1;
  }

  private string(): string {
    const start = this.pos;
    let i = start + 1;
    for (;;) {
      const c = this.text.charCodeAt(i);
      if (Number.isNaN(c)) {
        this.pos = i;
        this.fail("unterminated string");
      }
      if (c === 0x5c) i += 2;
      else if (c === 0x22) break;
      else i += 1;
    }
    this.pos = i + 1;
    try {
      return JSON.parse(this.text.slice(start, i + 1)) as string;
    } catch {
      this.pos = start;
      return this.fail("invalid string");
    }
  }

  private literal(): boolean | null {
    for (const [word, v] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    if (isWordPrefix(this.text.slice(this.pos))) {
      this.pos = this.text.length;
    }
    return this.fail("unexpected word");
  }
}

/** A cut-off literal at the end of the text (`tr`, `nul`) is a truncation, not a syntax error. */
function isWordPrefix(rest: string): boolean {
  return rest.length < 5 && ["true", "false", "null"].some((w) => w.startsWith(rest));
}

function countLines(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line += 1;
  return line;
}
