const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** The start of a line that does not count towards its bound, such as the kubelet's timestamp prefix. */
export interface LineHeader {
  /** The longest header there is. */
  maxBytes: number;
  /** Its length in the line starting at `start`, given at least `maxBytes + 1` of the line's bytes (or all). */
  length(line: Buffer, start: number, end: number): number;
}

const NO_HEADER: LineHeader = { maxBytes: 0, length: () => 0 };

/**
 * Finds the lines in the chunks of an HTTP body without copying them: each line is a position in the chunk it
 * arrived in. The positions live in arrays reused from one chunk to the next (`buffers`, `starts`, `ends`,
 * `continued`, first `count` entries).
 *
 * A line with more than `maxLineBytes` after its header comes in pieces of at most that many bytes: the first
 * keeps the header, the others are marked `continued`. A cut never splits a UTF-8 character (a piece is up to 3
 * bytes shorter) and depends only on the line's bytes, never on how the body was chunked, so a line read again
 * gives the same pieces. A trailing `\r` is dropped from every line (CRLF logs).
 *
 * Only a line cut across chunks is copied, once enough of it is there to cut a piece or its end arrives; what
 * is held back never exceeds a piece plus the header and 2 bytes, plus one chunk.
 */
export class LineCutter {
  readonly buffers: Buffer[] = [];
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  /** True for a piece that goes on with the line of the piece before it (which may have come in an earlier call). */
  readonly continued: boolean[] = [];
  count = 0;
  /** The unfinished line, as the parts of chunks it arrived in; joined only when needed. */
  private parts: Buffer[] = [];
  private pendingBytes = 0;
  /** Whether the pending bytes go on with a line whose first piece was cut already. */
  private pendingContinues = false;
  /** How many pending bytes it takes before a piece might be cut; below that, a chunk is only remembered. */
  private needed: number;

  constructor(
    private readonly maxLineBytes: number,
    private readonly header: LineHeader = NO_HEADER,
  ) {
    // A header is measured only on a line longer than the bound, so the bound must leave room to see one whole.
    if (!(maxLineBytes >= 4 && maxLineBytes >= header.maxBytes)) {
      throw new RangeError(`maxLineBytes ${maxLineBytes} must be at least 4 and at least the longest header (${header.maxBytes})`);
    }
    this.needed = maxLineBytes + 1;
  }

  /** How many bytes of an unfinished line are held back. */
  get pending(): number {
    return this.pendingBytes;
  }

  /** The lines and pieces that `chunk` completes, excluding their newlines. */
  cut(chunk: Buffer): number {
    this.count = 0;
    let start = 0;
    let end = chunk.indexOf(NEWLINE);
    if (end !== -1 && this.pendingBytes > 0) {
      this.parts.push(chunk.subarray(0, end));
      this.pendingBytes += end;
      this.finishPending();
      start = end + 1;
      end = chunk.indexOf(NEWLINE, start);
    }
    while (end !== -1) {
      if (end - start <= this.maxLineBytes) {
        // The common case: a whole line in this chunk, short enough whatever its header.
        this.add(chunk, start, end > start && chunk[end - 1] === CARRIAGE_RETURN ? end - 1 : end, false);
      } else {
        this.pieces(chunk, start, end, true, false);
      }
      start = end + 1;
      end = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) this.hold(chunk.subarray(start));
    return this.count;
  }

  /** The last line when the body ended without a newline (none, one, or its pieces). */
  rest(): number {
    this.count = 0;
    if (this.pendingBytes > 0) this.finishPending();
    return this.count;
  }

  /** Keeps the start of an unfinished line, and cuts the pieces of it that are decided already. */
  private hold(part: Buffer): void {
    this.parts.push(part);
    this.pendingBytes += part.length;
    if (this.pendingBytes < this.needed) return;
    const joined = this.joinPending();
    const rest = this.pieces(joined, 0, joined.length, false, this.pendingContinues);
    this.parts.push(joined.subarray(rest));
    this.pendingBytes = joined.length - rest;
  }

  /** The pending bytes are a whole line (or the rest of one). */
  private finishPending(): void {
    const continues = this.pendingContinues;
    const line = this.joinPending();
    this.pendingBytes = 0;
    this.pendingContinues = false;
    this.needed = this.maxLineBytes + 1;
    this.pieces(line, 0, line.length, true, continues);
  }

  /** The pending parts as one buffer (copied only when there are several); the parts list is left empty. */
  private joinPending(): Buffer {
    const joined = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.pendingBytes);
    this.parts.length = 0;
    return joined;
  }

  /**
   * Adds the pieces of the line in `buffer[start, end)`. With `lineEnds`, `end` is where the line ends and all of
   * it is added; otherwise more of the line is still to come, so only the pieces these bytes decide are added,
   * and the start of the undecided rest is returned.
   */
  private pieces(buffer: Buffer, start: number, end: number, lineEnds: boolean, continues: boolean): number {
    for (;;) {
      const length = end - start;
      const limit = continues || length <= this.maxLineBytes ? this.maxLineBytes : this.maxLineBytes + this.header.length(buffer, start, end);
      if (lineEnds) {
        const messageEnd = length > 0 && buffer[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
        if (messageEnd - start <= limit) {
          this.add(buffer, start, messageEnd, continues);
          return end;
        }
      } else if (length <= limit || (length === limit + 1 && buffer[start + limit] === CARRIAGE_RETURN)) {
        // Still short enough, or one `\r` over, which the next byte may turn into a line end.
        this.pendingContinues = continues;
        this.needed = length <= limit ? limit + 1 : limit + 2;
        return start;
      }
      const cut = characterStart(buffer, start + limit);
      this.add(buffer, start, cut, continues);
      start = cut;
      continues = true;
    }
  }

  private add(buffer: Buffer, start: number, end: number, continues: boolean): void {
    this.buffers[this.count] = buffer;
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.continued[this.count] = continues;
    this.count += 1;
  }
}

/**
 * Where the UTF-8 character holding the byte at `at` starts: `at` itself unless that byte continues a
 * character (10xxxxxx), else up to 3 bytes before it. Bytes that are not UTF-8 are cut at `at`.
 */
function characterStart(buffer: Buffer, at: number): number {
  for (let back = 0; back <= 3; back += 1) {
    if ((buffer[at - back] & 0xc0) !== 0x80) return at - back;
  }
  return at;
}
