/**
 * Collects bound parameters while a statement is assembled: every value becomes a
 * `{name:Type}` placeholder, so nothing from a contract or an input is spliced into SQL.
 * Names are sequential, which keeps generated statements stable for golden-SQL tests.
 */
export class Params {
  readonly values: Record<string, unknown> = {};
  readonly #prefix: string;
  #next = 0;

  constructor(prefix = "p") {
    this.#prefix = prefix;
  }

  /** A String placeholder. */
  str(value: string): string {
    return this.#add(value, "String");
  }

  /** An Array(String) placeholder. */
  strs(values: readonly string[]): string {
    return this.#add([...values], "Array(String)");
  }

  /** An Array(UInt32) placeholder. */
  uints(values: readonly number[]): string {
    return this.#add([...values], "Array(UInt32)");
  }

  #add(value: unknown, type: string): string {
    const name = `${this.#prefix}${this.#next}`;
    this.#next += 1;
    this.values[name] = value;
    return `{${name}:${type}}`;
  }
}
