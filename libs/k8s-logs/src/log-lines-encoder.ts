import { isUtf8 } from 'node:buffer';
import { encodeReplicaIdentifier, type ReplicaIdentifier } from '@applogs/proto';
import { LineCutter } from './line-cutter';
import type { Instant, LineFilter } from './line-filter';
import { TimestampPrefix } from './timestamp-prefix';

/** Flyte's batch size: one LogLines message carries at most this many lines. */
export const MAX_LINES_PER_MESSAGE = 100;

// Protobuf tags (field number << 3 | wire type) of the messages we write; see libs/proto/proto.
const RESPONSE_BATCHES = 0x1a; // TailLogsResponse.batches = 3, length-delimited
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

/**
 * Where a replica's log was left: the timestamp of the last line sent and the messages sent with exactly that
 * timestamp. Kubernetes resumes from a whole second (`sinceTime`), so the lines of that second come again and
 * are recognised by timestamp and text.
 */
export interface LogCursor {
  seconds: number;
  nanos: number;
  messages: Buffer[];
}

/** RFC3339 of the instant's whole second, the precision the kubelet applies to `sinceTime` anyway. */
export function sinceTimeOf(instant: Instant): string {
  return new Date(instant.seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Turns one replica's raw log body into encoded TailLogsResponse messages, straight from the bytes Kubernetes
 * sent: a line's message is copied once, from the HTTP chunk into the outgoing message, with no string, no
 * object per line and no generic protobuf encoder in between. This is the data plane's hot path; what it
 * writes decodes to exactly the LogLines protobufjs would encode for the same lines (tests compare the two).
 */
export class LogLinesEncoder {
  private readonly lines = new LineCutter();
  private readonly timestamp = new TimestampPrefix();
  /** Per line of the current chunk: where its message starts, its timestamp, and its encoded LogLine size. */
  private messageStarts: number[] = [];
  private seconds: number[] = [];
  private nanos: number[] = [];
  private lineSizes: number[] = [];
  private readonly replicaIdField: Buffer;
  private readonly shortNameField: Buffer;
  private last: LogCursor | undefined;
  /** While set, lines at or before this cursor are ones already sent (a resumed stream repeats its second). */
  private resume: LogCursor | undefined;

  constructor(
    replicaId: ReplicaIdentifier,
    shortName: string,
    resumeFrom?: LogCursor,
    private readonly filter: LineFilter = {},
  ) {
    this.last = resumeFrom;
    this.resume = resumeFrom && { ...resumeFrom, messages: [...resumeFrom.messages] };
    this.replicaIdField = lengthDelimited(LOG_LINES_REPLICA_ID, encodeReplicaIdentifier(replicaId));
    // proto3 leaves empty strings off the wire; so do we, to match protobufjs byte for byte.
    this.shortNameField = shortName ? lengthDelimited(LINE_SHORT_POD_NAME, Buffer.from(shortName, 'utf8')) : Buffer.alloc(0);
  }

  /** One TailLogsResponse with the lines `chunk` completes, or undefined when it completes none. */
  push(chunk: Buffer): Buffer | undefined {
    return this.lines.cut(chunk) > 0 ? this.encode() : undefined;
  }

  /** The last line, when the body ended without a newline. */
  flush(): Buffer | undefined {
    return this.lines.rest() > 0 ? this.encode() : undefined;
  }

  /** How many lines the last message returned by push or flush holds. */
  get lastLineCount(): number {
    return this.lines.count;
  }

  /** Where the lines sent so far end, to resume from after the stream breaks. */
  get cursor(): LogCursor | undefined {
    return this.last;
  }

  private encode(): Buffer | undefined {
    this.sanitize();
    const count = this.readTimestamps();
    if (count === 0) return undefined;
    this.advanceCursor(count);
    let batchSize = 0;
    for (let first = 0; first < count; first += MAX_LINES_PER_MESSAGE) {
      batchSize += fieldSize(this.logLinesSize(first, Math.min(count, first + MAX_LINES_PER_MESSAGE)));
    }
    const out = Buffer.allocUnsafe(fieldSize(batchSize));
    let at = writeTag(out, 0, RESPONSE_BATCHES, batchSize);
    for (let first = 0; first < count; first += MAX_LINES_PER_MESSAGE) {
      at = this.writeLogLines(out, at, first, Math.min(count, first + MAX_LINES_PER_MESSAGE));
    }
    return Object.assign(out, { lineCount: count });
  }

  /**
   * Protobuf strings must be valid UTF-8 (Go and Python clients reject the message otherwise). A log may hold
   * anything, so a chunk that is not valid UTF-8 has its lines re-encoded with U+FFFD replacements, as
   * Buffer.toString would show them. Checking the whole chunk at once keeps the common case cheap.
   */
  private sanitize(): void {
    const { buffers, starts, ends, count } = this.lines;
    for (let first = 0, last = 0; first < count; first = last) {
      // The lines taken from one chunk, checked together (a newline never splits a UTF-8 sequence).
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
   * Reads every line's timestamp and drops the lines a resumed stream repeats; the lines kept are moved to
   * the front of the arrays. Returns how many are kept.
   */
  private readTimestamps(): number {
    const { buffers, starts, ends, count } = this.lines;
    let kept = 0;
    for (let i = 0; i < count; i += 1) {
      const hasTimestamp = this.timestamp.read(buffers[i], starts[i], ends[i]);
      const messageStart = hasTimestamp ? this.timestamp.messageStart : starts[i];
      const seconds = hasTimestamp ? this.timestamp.seconds : Number.NaN;
      const nanos = hasTimestamp ? this.timestamp.nanos : 0;
      if (this.resume && hasTimestamp && this.alreadySent(seconds, nanos, buffers[i], messageStart, ends[i])) continue;
      if (!this.wanted(hasTimestamp, seconds, nanos, buffers[i], messageStart, ends[i])) continue;
      buffers[kept] = buffers[i];
      starts[kept] = starts[i];
      ends[kept] = ends[i];
      this.messageStarts[kept] = messageStart;
      this.seconds[kept] = seconds;
      this.nanos[kept] = nanos;
      kept += 1;
    }
    this.lines.count = kept;
    return kept;
  }

  private wanted(hasTimestamp: boolean, seconds: number, nanos: number, line: Buffer, messageStart: number, end: number): boolean {
    const { notBefore, keep } = this.filter;
    if (notBefore && hasTimestamp && (seconds - notBefore.seconds || nanos - notBefore.nanos) < 0) return false;
    // Only a call with patterns pays for turning the message into a string.
    return !keep || keep(line.toString('utf8', messageStart, end));
  }

  private alreadySent(seconds: number, nanos: number, line: Buffer, messageStart: number, end: number): boolean {
    const resume = this.resume!;
    const order = seconds - resume.seconds || nanos - resume.nanos;
    if (order < 0) return true;
    if (order > 0) {
      this.resume = undefined;
      return false;
    }
    const message = line.subarray(messageStart, end);
    const index = resume.messages.findIndex((sent) => sent.equals(message));
    if (index === -1) return false;
    resume.messages.splice(index, 1);
    return true;
  }

  /** The cursor moves to the last timestamped line kept, remembering every message sent at that instant. */
  private advanceCursor(count: number): void {
    let i = count - 1;
    while (i >= 0 && Number.isNaN(this.seconds[i])) i -= 1;
    if (i < 0) return;
    const seconds = this.seconds[i];
    const nanos = this.nanos[i];
    const messages: Buffer[] = [];
    for (; i >= 0 && (Number.isNaN(this.seconds[i]) || (this.seconds[i] === seconds && this.nanos[i] === nanos)); i -= 1) {
      if (!Number.isNaN(this.seconds[i])) messages.unshift(this.lines.buffers[i].subarray(this.messageStarts[i], this.lines.ends[i]));
    }
    const sameInstant = this.last && this.last.seconds === seconds && this.last.nanos === nanos;
    this.last = { seconds, nanos, messages: sameInstant && i < 0 ? [...this.last!.messages, ...messages] : messages };
  }

  /** Encoded size of one LogLines holding lines [first, last), measuring each line on the way. */
  private logLinesSize(first: number, last: number): number {
    const { ends } = this.lines;
    let size = this.replicaIdField.length + LOG_LINES_SOURCE_LIVE.length;
    for (let i = first; i < last; i += 1) {
      let lineSize = LINE_ORIGINATOR_USER.length + this.shortNameField.length;
      if (!Number.isNaN(this.seconds[i])) lineSize += fieldSize(timestampSize(this.seconds[i], this.nanos[i]));
      const messageLength = ends[i] - this.messageStarts[i];
      if (messageLength > 0) lineSize += fieldSize(messageLength);
      this.lineSizes[i] = lineSize;
      size += fieldSize(lineSize);
    }
    return size;
  }

  private writeLogLines(out: Buffer, at: number, first: number, last: number): number {
    let size = this.replicaIdField.length + LOG_LINES_SOURCE_LIVE.length;
    for (let i = first; i < last; i += 1) size += fieldSize(this.lineSizes[i]);
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

function timestampSize(seconds: number, nanos: number): number {
  return (seconds !== 0 ? 1 + varintSize(seconds) : 0) + (nanos !== 0 ? 1 + varintSize(nanos) : 0);
}

/** Size of a length-delimited field with a one-byte tag and `length` bytes of content. */
function fieldSize(length: number): number {
  return 1 + varintSize(length) + length;
}

/** Protobuf varint size of a non-negative integer (int64 seconds before 1970 do not occur in logs). */
function varintSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    size += 1;
  }
  return size;
}

function writeVarint(out: Buffer, at: number, value: number): number {
  if (value < 0x80000000) {
    // The common case in 32-bit arithmetic, which is cheaper than the division below.
    while (value >= 0x80) {
      out[at++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    out[at++] = value;
    return at;
  }
  while (value >= 0x80) {
    out[at++] = (value % 0x80) | 0x80;
    value = Math.floor(value / 0x80);
  }
  out[at++] = value;
  return at;
}

function writeTag(out: Buffer, at: number, tag: number, length: number): number {
  out[at++] = tag;
  return writeVarint(out, at, length);
}

function lengthDelimited(tag: number, content: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(fieldSize(content.length));
  const at = writeTag(out, 0, tag, content.length);
  out.set(content, at);
  return out;
}
