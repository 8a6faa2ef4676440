import { isUtf8 } from 'node:buffer';
import { BATCHES_TAG, formatWholeSecond, ReplicaIdentifierSchema, toBinary, type EncodedTailLogsResponse, type ReplicaIdentifier } from '@applogs/proto';
import { LineCutter, type LineHeader } from './line-cutter';
import type { LineFilter } from './line-filter';
import { MAX_FIELD_HEADER, fieldSize, lengthDelimited, varintSize, writeTag, writeVarint } from './protobuf-writer';
import { MAX_TIMESTAMP_PREFIX_BYTES, TimestampPrefix } from './timestamp-prefix';

/** Flyte's batch size: one LogLines message carries at most this many lines. */
export const MAX_LINES_PER_MESSAGE = 100;

/** A longer line is sent in pieces of at most this many bytes of message, unless the server says otherwise. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;

/**
 * What the server may choose as its line bound. At most 256 KiB: a piece of bytes that are not UTF-8 grows up
 * to three times when they are replaced by U+FFFD, and even then a single line must fit in MAX_MESSAGE_BYTES.
 */
export const MAX_LINE_BYTES_RANGE = { min: 1024, max: 256 * 1024 };

/**
 * The most bytes one encoded TailLogsResponse takes; lines beyond go into the next one. Far below the 4 MiB
 * every default gRPC client (and each of our hops) accepts, whatever a log holds: one HTTP chunk of empty
 * lines, say, becomes several MiB of LogLine fields.
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

// Protobuf tags (field number << 3 | wire type) of the messages we write; see libs/proto/proto.
const BATCH_LOGS = 0x0a; // LogLinesBatch.logs = 1
const LOG_LINES_REPLICA_ID = 0x12; // LogLines.replica_id = 2
const LOG_LINES_STRUCTURED = 0x1a; // LogLines.structured_lines = 3
const LOG_LINES_SOURCE_LIVE = [0x20, 0x01]; // LogLines.source = 4: LOG_LINE_SOURCE_LIVE
const LINE_TIMESTAMP = 0x0a; // LogLine.timestamp = 1
const LINE_MESSAGE = 0x12; // LogLine.message = 2
const LINE_ORIGINATOR_USER = [0x18, 0x01]; // LogLine.originator = 3: USER
const LINE_SHORT_POD_NAME = 0x22; // LogLine.short_pod_name = 4
const TIMESTAMP_SECONDS = 0x08; // Timestamp.seconds = 1, varint
const TIMESTAMP_NANOS = 0x10; // Timestamp.nanos = 2, varint

/** A line sent: its message, or for a line sent in pieces, its first piece and how many pieces were sent. */
export interface SentLine {
  first: Buffer;
  pieces: number;
}

/**
 * Where a replica's log was left: the timestamp of the last line sent and the lines sent with exactly that
 * timestamp. Kubernetes resumes from a whole second (`sinceTime`), so the lines of that second come again and
 * are recognised by timestamp and text; the pieces of a long line by its first piece and their count (the cut
 * points depend only on the line), which keeps the cursor small even for a line that never ends.
 */
export interface LogCursor {
  seconds: number;
  nanos: number;
  lines: SentLine[];
}

/** RFC3339 of a whole second since the epoch, the precision the kubelet applies to `sinceTime` anyway. */
export function sinceTimeOf(seconds: number | bigint): string {
  return `${formatWholeSecond(BigInt(seconds))}Z`;
}

/**
 * Turns one replica's raw log body into encoded TailLogsResponse messages, straight from the bytes Kubernetes
 * sent: a line's message is copied once, from the HTTP chunk into the outgoing message, with no string, no
 * object per line and no generic protobuf encoder in between. This is the data plane's hot path; what it
 * writes decodes to exactly the LogLines protobuf-es encodes for the same lines (tests compare the two).
 *
 * A line longer than `filter.maxLineBytes` goes out as several lines (pieces, see LineCutter), each with the
 * line's timestamp. A pattern filter looks at the first piece, and the other pieces follow its decision.
 */
export class LogLinesEncoder {
  private readonly lines: LineCutter;
  private readonly timestamp = new TimestampPrefix();
  /** Per line of the current chunk: where its message starts, its timestamp, and its encoded LogLine size. */
  private messageStarts: number[] = [];
  private seconds: number[] = [];
  private nanos: number[] = [];
  private lineSizes: number[] = [];
  /** Encoded size of each LogLines of the message being written. */
  private logLinesSizes: number[] = [];
  private readonly replicaIdField: Buffer;
  /** `filter.notBefore` in the numbers lines are read into. */
  private readonly notBefore: { seconds: number; nanos: number } | undefined;
  private readonly shortNameField: Buffer;
  /** The line whose pieces are coming: its timestamp (NaN: none), and whether it is sent. */
  private lineSeconds = Number.NaN;
  private lineNanos = 0;
  private lineKept = true;
  private last: LogCursor | undefined;
  /** While set, lines at or before this cursor are ones already sent (a resumed stream repeats its second). */
  private resume: LogCursor | undefined;
  /** Pieces of the current line that were sent before the stream was resumed. */
  private piecesToSkip = 0;

  constructor(
    replicaId: ReplicaIdentifier,
    shortName: string,
    resumeFrom?: LogCursor,
    private readonly filter: LineFilter = {},
  ) {
    this.lines = new LineCutter(filter.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, timestampHeader());
    this.last = resumeFrom;
    this.resume = resumeFrom && { ...resumeFrom, lines: [...resumeFrom.lines] };
    this.replicaIdField = lengthDelimited(LOG_LINES_REPLICA_ID, toBinary(ReplicaIdentifierSchema, replicaId));
    this.notBefore = filter.notBefore && { seconds: Number(filter.notBefore.seconds), nanos: filter.notBefore.nanos };
    // proto3 leaves empty strings off the wire; so do we, to match protobuf-es byte for byte.
    this.shortNameField = shortName ? lengthDelimited(LINE_SHORT_POD_NAME, Buffer.from(shortName, 'utf8')) : Buffer.alloc(0);
  }

  /**
   * The TailLogsResponse messages with the lines `chunk` completes: usually one, none when it completes no
   * line, more when they would not fit in MAX_MESSAGE_BYTES.
   */
  push(chunk: Buffer): EncodedTailLogsResponse[] {
    return this.lines.cut(chunk) > 0 ? this.encode() : [];
  }

  /** The last line, when the body ended without a newline. */
  flush(): EncodedTailLogsResponse[] {
    return this.lines.rest() > 0 ? this.encode() : [];
  }

  /** Where the lines sent so far end, to resume from after the stream breaks. */
  get cursor(): LogCursor | undefined {
    return this.last;
  }

  /** Bytes of an unfinished line held back until more of it arrives. */
  get pendingBytes(): number {
    return this.lines.pending;
  }

  private encode(): EncodedTailLogsResponse[] {
    this.sanitize();
    const count = this.readTimestamps();
    if (count === 0) return [];
    this.advanceCursor(count);
    const messages: EncodedTailLogsResponse[] = [];
    for (let first = 0; first < count;) {
      const last = this.measure(first, count);
      messages.push(this.message(first, last));
      first = last;
    }
    return messages;
  }

  /**
   * Measures the lines from `first` on, and returns where the message starting there ends: before the line
   * that would take it past MAX_MESSAGE_BYTES (counting every length field at its largest), or after the first
   * line if that alone is larger (MAX_LINE_BYTES_RANGE makes sure it never is).
   */
  private measure(first: number, count: number): number {
    const logLinesOverhead = MAX_FIELD_HEADER + this.replicaIdField.length + LOG_LINES_SOURCE_LIVE.length;
    let size = MAX_FIELD_HEADER;
    let i = first;
    for (let inLogLines = MAX_LINES_PER_MESSAGE; i < count; i += 1, inLogLines += 1) {
      if (inLogLines === MAX_LINES_PER_MESSAGE) {
        size += logLinesOverhead;
        inLogLines = 0;
      }
      const lineSize = this.lineSize(i);
      this.lineSizes[i] = lineSize;
      size += fieldSize(lineSize);
      if (size > MAX_MESSAGE_BYTES && i > first) break;
    }
    return i;
  }

  /** One TailLogsResponse with lines [first, last), in LogLines of at most MAX_LINES_PER_MESSAGE lines. */
  private message(first: number, last: number): EncodedTailLogsResponse {
    let batchSize = 0;
    for (let from = first, group = 0; from < last; from += MAX_LINES_PER_MESSAGE, group += 1) {
      const size = this.logLinesSize(from, Math.min(last, from + MAX_LINES_PER_MESSAGE));
      this.logLinesSizes[group] = size;
      batchSize += fieldSize(size);
    }
    const out = Buffer.allocUnsafe(fieldSize(batchSize));
    let at = writeTag(out, 0, BATCHES_TAG, batchSize);
    for (let from = first, group = 0; from < last; from += MAX_LINES_PER_MESSAGE, group += 1) {
      at = this.writeLogLines(out, at, this.logLinesSizes[group], from, Math.min(last, from + MAX_LINES_PER_MESSAGE));
    }
    return Object.assign(out, { lineCount: last - first });
  }

  /**
   * Protobuf strings must be valid UTF-8 (Go and Python clients reject the message otherwise). A log may hold
   * anything, so a chunk that is not valid UTF-8 has its lines re-encoded with U+FFFD replacements, as
   * Buffer.toString would show them. Checking the whole chunk at once keeps the common case cheap.
   */
  private sanitize(): void {
    const { buffers, starts, ends, count } = this.lines;
    for (let first = 0, last = 0; first < count; first = last) {
      // The lines taken from one chunk, checked together (neither a newline nor a cut between the pieces of a
      // line splits a UTF-8 sequence).
      const buffer = buffers[first];
      while (last < count && buffers[last] === buffer) last += 1;
      if (isUtf8(buffer.subarray(starts[first], ends[last - 1]))) continue;
      for (let i = first; i < last; i += 1) {
        const clean = Buffer.from(buffer.toString('utf8', starts[i], ends[i]), 'utf8');
        buffers[i] = clean;
        starts[i] = 0;
        ends[i] = clean.length;
      }
    }
  }

  /**
   * Reads every line's timestamp (a piece has its line's) and drops the lines a resumed stream repeats and
   * those the filter does not want; the lines kept are moved to the front of the arrays. Returns how many are
   * kept.
   */
  private readTimestamps(): number {
    const { buffers, starts, ends, continued, count } = this.lines;
    // The line being read, in locals on this hot loop; kept in fields for its pieces in the next chunk.
    let seconds = this.lineSeconds;
    let nanos = this.lineNanos;
    let lineKept = this.lineKept;
    let kept = 0;
    for (let i = 0; i < count; i += 1) {
      const continues = continued[i];
      let messageStart = starts[i];
      if (!continues) {
        if (this.timestamp.read(buffers[i], starts[i], ends[i])) {
          messageStart = this.timestamp.messageStart;
          seconds = this.timestamp.seconds;
          nanos = this.timestamp.nanos;
        } else {
          seconds = Number.NaN;
          nanos = 0;
        }
      }
      const hasTimestamp = !Number.isNaN(seconds);
      if (this.resume && hasTimestamp && this.alreadySent(seconds, nanos, continues, buffers[i], messageStart, ends[i])) {
        // What was sent was wanted: the rest of its pieces are too.
        lineKept = true;
        continue;
      }
      if (!continues) lineKept = this.wanted(hasTimestamp, seconds, nanos, buffers[i], messageStart, ends[i]);
      if (!lineKept) continue;
      buffers[kept] = buffers[i];
      starts[kept] = starts[i];
      ends[kept] = ends[i];
      continued[kept] = continues;
      this.messageStarts[kept] = messageStart;
      this.seconds[kept] = seconds;
      this.nanos[kept] = nanos;
      kept += 1;
    }
    this.lineSeconds = seconds;
    this.lineNanos = nanos;
    this.lineKept = lineKept;
    this.lines.count = kept;
    return kept;
  }

  private wanted(hasTimestamp: boolean, seconds: number, nanos: number, line: Buffer, messageStart: number, end: number): boolean {
    const { notBefore } = this;
    const { keep } = this.filter;
    if (notBefore && hasTimestamp && (seconds - notBefore.seconds || nanos - notBefore.nanos) < 0) return false;
    // Only a call with patterns pays for turning the message into a string.
    return !keep || keep(line.toString('utf8', messageStart, end));
  }

  /** True for a line (or piece) at or before the resume cursor that was sent already. */
  private alreadySent(seconds: number, nanos: number, continues: boolean, line: Buffer, messageStart: number, end: number): boolean {
    const resume = this.resume!;
    const order = seconds - resume.seconds || nanos - resume.nanos;
    if (order < 0) return true;
    if (order > 0) {
      this.resume = undefined;
      return false;
    }
    if (continues) {
      if (this.piecesToSkip === 0) return false;
      this.piecesToSkip -= 1;
      return true;
    }
    const message = line.subarray(messageStart, end);
    const index = resume.lines.findIndex((sent) => sent.first.equals(message));
    this.piecesToSkip = index === -1 ? 0 : resume.lines[index].pieces - 1;
    if (index === -1) return false;
    resume.lines.splice(index, 1);
    return true;
  }

  /**
   * The cursor moves to the last timestamped line kept, remembering every line sent at that instant. Only the
   * lines at the end of the chunk are looked at, so this costs next to nothing per chunk.
   */
  private advanceCursor(count: number): void {
    let last = count - 1;
    while (last >= 0 && Number.isNaN(this.seconds[last])) last -= 1;
    if (last < 0) return;
    const seconds = this.seconds[last];
    const nanos = this.nanos[last];
    let first = last;
    while (first > 0 && (Number.isNaN(this.seconds[first - 1]) || (this.seconds[first - 1] === seconds && this.nanos[first - 1] === nanos))) {
      first -= 1;
    }
    // Lines at this instant came in earlier chunks too: go on from the cursor (copied: one handed out stays as it was).
    const previous = this.last;
    const carried = first === 0 && previous !== undefined && previous.seconds === seconds && previous.nanos === nanos;
    const lines = carried ? previous.lines.map((line) => ({ ...line })) : [];
    for (let i = first; i <= last; i += 1) {
      if (Number.isNaN(this.seconds[i])) continue;
      const current = lines[lines.length - 1];
      if (this.lines.continued[i] && current) current.pieces += 1;
      else lines.push({ first: this.lines.buffers[i].subarray(this.messageStarts[i], this.lines.ends[i]), pieces: 1 });
    }
    this.last = { seconds, nanos, lines };
  }

  /** Encoded size of one LogLine (without its tag and length). */
  private lineSize(i: number): number {
    let size = LINE_ORIGINATOR_USER.length + this.shortNameField.length;
    if (!Number.isNaN(this.seconds[i])) size += fieldSize(timestampSize(this.seconds[i], this.nanos[i]));
    const messageLength = this.lines.ends[i] - this.messageStarts[i];
    if (messageLength > 0) size += fieldSize(messageLength);
    return size;
  }

  /** Encoded size of one LogLines holding lines [first, last), measured already. */
  private logLinesSize(first: number, last: number): number {
    let size = this.replicaIdField.length + LOG_LINES_SOURCE_LIVE.length;
    for (let i = first; i < last; i += 1) size += fieldSize(this.lineSizes[i]);
    return size;
  }

  private writeLogLines(out: Buffer, at: number, size: number, first: number, last: number): number {
    at = writeTag(out, at, BATCH_LOGS, size);
    at += this.replicaIdField.copy(out, at);
    for (let i = first; i < last; i += 1) at = this.writeLogLine(out, at, i);
    out[at++] = LOG_LINES_SOURCE_LIVE[0];
    out[at++] = LOG_LINES_SOURCE_LIVE[1];
    return at;
  }

  private writeLogLine(out: Buffer, at: number, i: number): number {
    at = writeTag(out, at, LOG_LINES_STRUCTURED, this.lineSizes[i]);
    const seconds = this.seconds[i];
    if (!Number.isNaN(seconds)) {
      const nanos = this.nanos[i];
      at = writeTag(out, at, LINE_TIMESTAMP, timestampSize(seconds, nanos));
      if (seconds !== 0) {
        out[at++] = TIMESTAMP_SECONDS;
        at = writeVarint(out, at, seconds);
      }
      if (nanos !== 0) {
        out[at++] = TIMESTAMP_NANOS;
        at = writeVarint(out, at, nanos);
      }
    }
    const start = this.messageStarts[i];
    const end = this.lines.ends[i];
    if (end > start) {
      at = writeTag(out, at, LINE_MESSAGE, end - start);
      at += this.lines.buffers[i].copy(out, at, start, end);
    }
    out[at++] = LINE_ORIGINATOR_USER[0];
    out[at++] = LINE_ORIGINATOR_USER[1];
    at += this.shortNameField.copy(out, at);
    return at;
  }
}

/** The kubelet's timestamp prefix does not count towards a line's bound. */
function timestampHeader(): LineHeader {
  const prefix = new TimestampPrefix();
  return {
    maxBytes: MAX_TIMESTAMP_PREFIX_BYTES,
    length: (line, start, end) => (prefix.read(line, start, end) ? prefix.messageStart - start : 0),
  };
}

function timestampSize(seconds: number, nanos: number): number {
  return (seconds !== 0 ? 1 + varintSize(seconds) : 0) + (nanos !== 0 ? 1 + varintSize(nanos) : 0);
}
