/**
 * A token bucket: holds up to `capacity` tokens and gains `perSecond` of them a second. Taking a token that is
 * not there fails instead of waiting: callers of this service are refused, not queued.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = capacity;
    this.updatedAt = now();
  }

  /** The tokens there now (fractions included). */
  get available(): number {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond);
    this.updatedAt = now;
    return this.tokens;
  }

  get full(): boolean {
    return this.available >= this.capacity;
  }

  /** Takes one token if there is one; returns whether it did. */
  tryTake(): boolean {
    if (this.available < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Takes one token even if there is none: a debt repaid by the tokens gained later. */
  take(): void {
    this.tokens = this.available - 1;
  }
}
