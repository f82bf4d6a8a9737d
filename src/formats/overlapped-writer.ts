/**
 * Hands batches to an async consumer one at a time without waiting for each: the next batch is
 * parsed while the previous one is written (the engine's insert runs off the JS thread), and
 * at most one write is in flight, so memory stays bounded. A failed write surfaces on the next
 * `write` or on `done`.
 */
export class OverlappedWriter<T> {
  readonly #consume: (rows: readonly T[]) => Promise<void>;
  #inFlight: Promise<void> = Promise.resolve();

  constructor(consume: (rows: readonly T[]) => Promise<void>) {
    this.#consume = consume;
  }

  /** Waits for the previous write, then starts this one (empty batches are dropped). */
  async write(rows: readonly T[]): Promise<void> {
    await this.#inFlight;
    if (rows.length === 0) return;
    const write = this.#consume(rows);
    // Marked handled now; the error is rethrown where the write is awaited.
    write.catch(() => {});
    this.#inFlight = write;
  }

  /** Waits for the last write. */
  done(): Promise<void> {
    return this.#inFlight;
  }
}
