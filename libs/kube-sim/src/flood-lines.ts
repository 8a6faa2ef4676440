import { NANOS_PER_SECOND, TimestampFormatter } from './nano-time';

/** Text bytes per flood line (before the timestamp), so lines/s and bytes/s convert simply. */
export const FLOOD_LINE_CHARS = 120;

const FILLER = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor '.repeat(3);
/** FILLERS[k] is the first k filler characters, built once so padding a line is one concatenation. */
const FILLERS = Array.from({ length: FLOOD_LINE_CHARS + 1 }, (_, k) => FILLER.slice(0, k));

/**
 * One reader's endless log of a flood container ("a producer writing as fast as it can"). Lines
 * exist only as they are sent: nothing is stored, so memory stays flat however fast the reader is.
 * Line text: `${pod}/${container} flood seq=${n} ` padded to FLOOD_LINE_CHARS.
 */
export class FloodLines {
  private readonly head: string;
  /** UTF-8 bytes the head has beyond its UTF-16 length (0 for the ASCII names Kubernetes allows). */
  private readonly headExtraBytes: number;
  private readonly stamps = new TimestampFormatter();
  private lastNs = 0n;

  constructor(
    pod: string,
    container: string,
    private nextSeq: number,
    private readonly clock: { now(): bigint },
    private readonly timestamps: boolean,
    private readonly lineEnd = '\n',
  ) {
    this.head = `${pod}/${container} flood seq=`;
    this.headExtraBytes = Buffer.byteLength(this.head) - this.head.length;
  }

  /**
   * Lines until one more would pass maxBytes (at least one), as one string so a write costs one
   * Buffer. All are stamped "now", 1 ns apart: strictly increasing, with one clock read per batch.
   */
  next(maxBytes: number): string {
    const now = this.clock.now();
    const startNs = now > this.lastNs ? now : this.lastNs + 1n;
    let second = Number(startNs / NANOS_PER_SECOND);
    let nanos = Number(startNs % NANOS_PER_SECOND);
    let text = '';
    let bytes = 0;
    for (;;) {
      const body = `${this.head}${this.nextSeq} `;
      const padded = body.length < FLOOD_LINE_CHARS ? body + FILLERS[FLOOD_LINE_CHARS - body.length] : body;
      const line = this.timestamps ? `${this.stamps.format(second, nanos)} ${padded}${this.lineEnd}` : `${padded}${this.lineEnd}`;
      const lineBytes = line.length + this.headExtraBytes;
      if (bytes > 0 && bytes + lineBytes > maxBytes) break;
      text += line;
      bytes += lineBytes;
      this.nextSeq++;
      if (++nanos === 1_000_000_000) {
        second++;
        nanos = 0;
      }
    }
    // The stamp of the last line taken, i.e. one before the (second, nanos) the loop stopped at.
    this.lastNs = BigInt(second) * NANOS_PER_SECOND + BigInt(nanos) - 1n;
    return text;
  }
}
