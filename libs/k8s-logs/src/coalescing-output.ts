import { BATCHES_TAG, type EncodedTailLogsResponse, type TailLogsMessage } from '@applogs/proto';
import type { Demand } from '@applogs/flow-control';
import { fieldSize, writeTag } from './protobuf-writer';

/**
 * How many bytes of line batches wait for a busy caller before the replicas are paused, and the most one
 * coalesced message carries: well below the 4 MiB every gRPC client accepts, large enough that a busy call
 * writes one message where it would have written dozens.
 */
export const COALESCED_MESSAGE_BYTES = 256 * 1024;

/**
 * A call's output, between its replicas and its caller. While the caller can take a write, every message goes
 * out at once, so an idle stream's line is never held back. While it cannot, the line batches that arrive (from
 * one replica or several) wait here and leave as one message, their `LogLinesBatch.logs` entries joined in
 * arrival order, as soon as the caller can take it: each message costs both planes and the caller the same
 * whatever its size, so a busy call sends fewer, fuller ones. Any other message (a replica list, an event)
 * first sends the lines that came before it, so nothing is reordered.
 *
 * As a Demand it tells the replicas to go on reading while fewer than `maxBytes` wait, then to pause until the
 * caller takes them: flow control still reaches Kubernetes, and what waits is bounded by `maxBytes` plus one
 * chunk per replica (a paused replica delivers at most the chunk it was reading).
 */
export class CoalescingOutput implements Demand {
  private pending: EncodedTailLogsResponse[] = [];
  private pendingBytes = 0;
  private waiting: Array<() => void> = [];

  constructor(
    private readonly caller: Demand,
    private readonly emit: (message: TailLogsMessage) => void,
    private readonly maxBytes = COALESCED_MESSAGE_BYTES,
  ) {}

  get ready(): boolean {
    return this.pendingBytes < this.maxBytes;
  }

  whenReady(resume: () => void): void {
    if (this.ready) resume();
    else this.waiting.push(resume);
  }

  send(message: TailLogsMessage): void {
    if (this.caller.ready && this.pending.length === 0) return this.emit(message);
    if (!isLineBatches(message)) {
      this.flush();
      return this.emit(message);
    }
    this.pending.push(message);
    this.pendingBytes += message.length;
    if (this.pending.length === 1) this.caller.whenReady(this.callerReady);
  }

  /** Sends what waits, now: before the call ends, so that its last lines are not lost. */
  flush(): void {
    if (this.pending.length === 0) return;
    const pending = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    for (const group of groupsOfAtMost(pending, this.maxBytes)) this.emit(joinBatches(group));
  }

  private readonly callerReady = (): void => {
    this.flush();
    const waiting = this.waiting;
    this.waiting = [];
    waiting.forEach((resume) => resume());
  };
}

function isLineBatches(message: TailLogsMessage): message is EncodedTailLogsResponse {
  return Buffer.isBuffer(message) && message[0] === BATCHES_TAG;
}

/** Consecutive runs of messages whose sizes add up to at most `maxBytes` (a larger message is a run of its own). */
function groupsOfAtMost(messages: EncodedTailLogsResponse[], maxBytes: number): EncodedTailLogsResponse[][] {
  const groups: EncodedTailLogsResponse[][] = [];
  let bytes = 0;
  for (const message of messages) {
    if (groups.length === 0 || bytes + message.length > maxBytes) {
      groups.push([]);
      bytes = 0;
    }
    groups[groups.length - 1].push(message);
    bytes += message.length;
  }
  return groups;
}

/**
 * One TailLogsResponse whose `batches` holds every LogLines of `messages`, in order. Each message is the tag of
 * `batches`, a length, and a LogLinesBatch, which is nothing but `logs` fields: their bytes are concatenated.
 */
export function joinBatches(messages: EncodedTailLogsResponse[]): EncodedTailLogsResponse {
  if (messages.length === 1) return messages[0];
  const bodies = messages.map(batchBody);
  const length = bodies.reduce((sum, body) => sum + body.length, 0);
  const out = Buffer.allocUnsafe(fieldSize(length));
  let at = writeTag(out, 0, BATCHES_TAG, length);
  for (const body of bodies) at += body.copy(out, at);
  const lineCount = messages.reduce((sum, message) => sum + (message.lineCount ?? 0), 0);
  return Object.assign(out, { lineCount });
}

/** The LogLinesBatch inside an encoded `batches` response: what follows its tag and length varint. */
function batchBody(message: Buffer): Buffer {
  let at = 1;
  while (message[at] & 0x80) at += 1;
  return message.subarray(at + 1);
}
