import { formatNanos } from './nano-time';

/** The text after the timestamp: `1 ✓ 2 ✓ 3 ✓ …`; the ✓ is 3 bytes in UTF-8, so a reader's cuts land inside one. */
export function endlessLineToken(n: number): string {
  return `${n} ✓ `;
}

/**
 * One reader's log of a container that never writes a newline (`flood: 'no-newlines'`): after the stored
 * lines, a single line that never ends, generated as fast as the reader reads. The line is stamped when the
 * reader reaches it, and its text is `endlessLineToken(1)`, `endlessLineToken(2)`, …. Nothing is stored, so
 * memory stays flat however much is read.
 */
export class EndlessLine {
  private nextToken = 1;
  private started = false;

  constructor(
    private readonly clock: { now(): bigint },
    private readonly timestamps: boolean,
  ) {}

  /** The next part of the line: whole tokens until one more would pass maxBytes (at least one). */
  next(maxBytes: number): string {
    let text = '';
    if (!this.started) {
      this.started = true;
      if (this.timestamps) text = `${formatNanos(this.clock.now())} `;
    }
    let bytes = Buffer.byteLength(text);
    for (;;) {
      const token = endlessLineToken(this.nextToken);
      // Digits and spaces are a byte each; the ✓ (one UTF-16 unit) is 3.
      const tokenBytes = token.length + 2;
      if (bytes > 0 && bytes + tokenBytes > maxBytes) break;
      text += token;
      bytes += tokenBytes;
      this.nextToken += 1;
    }
    return text;
  }
}
