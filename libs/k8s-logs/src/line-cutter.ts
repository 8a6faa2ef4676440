const NEWLINE = 0x0a;

/**
 * Finds the whole lines in the chunks of an HTTP body without copying them: each line is a position in the
 * chunk it arrived in. Only a line cut across chunks is copied, once, when its end arrives. The positions
 * live in arrays reused from one chunk to the next (`buffers`, `starts`, `ends`, first `count` entries).
 */
export class LineCutter {
  readonly buffers: Buffer[] = [];
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  count = 0;
  private pending: Buffer | undefined;

  /** The lines that `chunk` completes, excluding their newlines. */
  cut(chunk: Buffer): number {
    this.count = 0;
    let start = 0;
    let end = chunk.indexOf(NEWLINE);
    if (end !== -1 && this.pending) {
      const joined = Buffer.concat([this.pending, chunk.subarray(0, end)]);
      this.pending = undefined;
      this.add(joined, 0, joined.length);
      start = end + 1;
      end = chunk.indexOf(NEWLINE, start);
    }
    while (end !== -1) {
      this.add(chunk, start, end);
      start = end + 1;
      end = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.pending = this.pending ? Buffer.concat([this.pending, rest]) : rest;
    }
    return this.count;
  }

  /** The last line when the body ended without a newline (0 or 1 lines). */
  rest(): number {
    this.count = 0;
    if (this.pending && this.pending.length > 0) this.add(this.pending, 0, this.pending.length);
    this.pending = undefined;
    return this.count;
  }

  private add(buffer: Buffer, start: number, end: number): void {
    this.buffers[this.count] = buffer;
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count += 1;
  }
}
