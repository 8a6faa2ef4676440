/**
 * Injected pod-watch faults: watches that answer 200 and end at once, with no event, as an API server or a
 * proxy in front of it may do (an idle timeout of zero, a misconfigured load balancer). A client that simply
 * watches again after a clean end would then spin.
 */
export class WatchFaults {
  private remaining = 0;

  /** The next `count` watches end at once; undefined: every one until `endAtOnce(0)`. */
  endAtOnce(count?: number): void {
    if (count !== undefined && (!Number.isInteger(count) || count < 0)) throw new Error(`count must be a non-negative integer, got ${count}`);
    this.remaining = count ?? Number.POSITIVE_INFINITY;
  }

  /** Consumes one injected early end, if any is left. */
  takeEndAtOnce(): boolean {
    if (this.remaining === 0) return false;
    this.remaining -= 1;
    return true;
  }
}
