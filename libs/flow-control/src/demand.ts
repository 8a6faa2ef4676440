import type { Readable } from 'node:stream';

/**
 * How much the consumer of a stream can take: when it is full, producers pause until it drains. This is how
 * a slow caller's gRPC flow control reaches back to the Kubernetes HTTP response (or the data plane's call),
 * so nothing in between buffers without bound.
 */
export interface Demand {
  /** True while the consumer can take more now. */
  readonly ready: boolean;
  /** Calls `resume` once, when the consumer can take more again. */
  whenReady(resume: () => void): void;
}

/**
 * Hands every chunk of `readable` to `deliver`, pausing the stream after a chunk while `demand` is not ready.
 * A paused stream stops reading its socket, so TCP or HTTP/2 flow control holds the sender back in turn.
 */
export function readWithDemand<T>(readable: Readable, demand: Demand, deliver: (chunk: T) => void): void {
  const resume = () => readable.resume();
  readable.on('data', (chunk: T) => {
    deliver(chunk);
    if (!demand.ready) {
      readable.pause();
      demand.whenReady(resume);
    }
  });
}

/** For consumers without flow control, such as tests reading everything they are given. */
export const UNLIMITED_DEMAND: Demand = { ready: true, whenReady: (resume) => resume() };

/** What WritableDemand reads of a writer: a Node Writable (grpc-js's server call), or anything that acts like one. */
export interface DrainingWriter {
  /** True from a write that filled the writer's buffer until its 'drain'. */
  readonly writableNeedDrain: boolean;
  once(event: 'drain', listener: () => void): unknown;
}

/**
 * The demand of a Writable, such as grpc-js's server call: full when a write returned false, ready again
 * on 'drain'. One 'drain' listener serves every waiting producer (there may be hundreds, one per replica).
 * Each producer delivers at most one more chunk after it was resumed before it checks again, so what waits
 * in the writer's queue is bounded by one chunk per producer.
 */
export class WritableDemand implements Demand {
  private waiting: Array<() => void> = [];

  constructor(private readonly writable: DrainingWriter) {}

  get ready(): boolean {
    return !this.writable.writableNeedDrain;
  }

  whenReady(resume: () => void): void {
    if (this.ready) {
      resume();
      return;
    }
    if (this.waiting.length === 0) this.writable.once('drain', this.resumeAll);
    this.waiting.push(resume);
  }

  private readonly resumeAll = (): void => {
    // Another 'drain' listener (Nest writing what it queued) may have filled the buffer again already.
    if (!this.ready) {
      this.writable.once('drain', this.resumeAll);
      return;
    }
    const waiting = this.waiting;
    this.waiting = [];
    waiting.forEach((resume) => resume());
  };
}
