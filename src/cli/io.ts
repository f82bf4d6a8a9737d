/** Where the CLI writes: the process streams in `main.ts`, strings in tests. */
export interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** True when stderr is a terminal: only then is progress drawn. */
  isTTY: boolean;
  /** True when stdout is a terminal that takes colour (and NO_COLOR is unset); default false. */
  color?: boolean;
}

/** An Io that collects output in memory (tests, embedding). */
export function memoryIo(isTTY = false): Io & { out(): string; err(): string } {
  let out = "";
  let err = "";
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    isTTY,
    out: () => out,
    err: () => err,
  };
}
