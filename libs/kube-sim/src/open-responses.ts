import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The long-lived responses the sim is serving: log streams (by pod, so faults can target them)
 * and watches, counted separately. `changed` fires on every count change, for event-driven waits.
 */
export class OpenResponses {
  private readonly logs = new Map<ServerResponse, string>();
  /** Log streams whose reader stopped taking data (TCP backpressure), not injected stalls. */
  private readonly backpressured = new Set<ServerResponse>();
  private readonly watches = new Set<ServerResponse>();

  /** `tcpSocket` finds the TCP connection a response is sent on (under TLS, not `res.socket`). */
  constructor(
    private readonly changed: () => void,
    private readonly tcpSocket: (res: ServerResponse) => Socket | undefined,
  ) {}

  logStarted(res: ServerResponse, pod: string): void {
    this.logs.set(res, pod);
    this.changed();
    res.on('close', () => {
      this.logs.delete(res);
      this.backpressured.delete(res);
      this.changed();
    });
  }

  watchStarted(res: ServerResponse): void {
    this.watches.add(res);
    this.changed();
    res.on('close', () => {
      this.watches.delete(res);
      this.changed();
    });
  }

  setBackpressured(res: ServerResponse, stalled: boolean): void {
    if (stalled) this.backpressured.add(res);
    else this.backpressured.delete(res);
    this.changed();
  }

  logCount(): number {
    return this.logs.size;
  }

  watchCount(): number {
    return this.watches.size;
  }

  backpressuredCount(): number {
    return this.backpressured.size;
  }

  bufferedLogBytes(): number {
    let total = 0;
    for (const res of this.logs.keys()) total += res.writableLength;
    return total;
  }

  /**
   * Drops the connections of `pod`'s log streams with a TCP RST, like a kubelet or proxy dying
   * mid-stream: the client sees a reset, never the chunked terminator of a clean end.
   */
  resetLogs(pod: string): number {
    let reset = 0;
    for (const [res, owner] of this.logs) {
      if (owner !== pod) continue;
      const socket = this.tcpSocket(res);
      if (socket) socket.resetAndDestroy();
      else res.destroy();
      reset++;
    }
    return reset;
  }

  destroyAll(): void {
    for (const res of [...this.logs.keys(), ...this.watches]) res.destroy();
  }
}
