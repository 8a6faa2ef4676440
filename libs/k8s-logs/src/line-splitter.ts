const NEWLINE = 0x0a;

/**
 * Turns the chunks of an HTTP body into whole lines. A line split across chunks is kept until its end
 * arrives, and decoding happens per line, so a multi-byte character cut by a chunk boundary stays intact.
 */
export class LineSplitter {
  private pending: Buffer | undefined;

  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    let end = chunk.indexOf(NEWLINE);
    if (end !== -1 && this.pending) {
      lines.push(Buffer.concat([this.pending, chunk.subarray(0, end)]).toString('utf8'));
      this.pending = undefined;
      start = end + 1;
      end = chunk.indexOf(NEWLINE, start);
    }
    while (end !== -1) {
      lines.push(chunk.toString('utf8', start, end));
      start = end + 1;
      end = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.pending = this.pending ? Buffer.concat([this.pending, rest]) : rest;
    }
    return lines;
  }

  /** The last line when the body ended without a newline. */
  flush(): string[] {
    const rest = this.pending;
    this.pending = undefined;
    return rest && rest.length > 0 ? [rest.toString('utf8')] : [];
  }
}
