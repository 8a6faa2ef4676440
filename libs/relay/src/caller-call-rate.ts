import { TokenBucket } from './token-bucket';

/** Buckets of callers that are full again are forgotten once there are this many. */
const PRUNE_AT = 1000;

/**
 * How fast each caller may start calls: `perSecond` sustained, bursts of up to `burst`. A caller over its rate
 * is refused (RESOURCE_EXHAUSTED) before anything is asked of a data plane, so that a caller that opens and
 * cancels calls in a loop spends only its own allowance.
 */
export class CallerCallRate {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    readonly perSecond: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Counts a call of `caller`; false when the caller is over its rate. */
  admit(caller: string): boolean {
    let bucket = this.buckets.get(caller);
    if (!bucket) {
      if (this.buckets.size >= PRUNE_AT) this.forgetIdle();
      bucket = new TokenBucket(this.burst, this.perSecond, this.now);
      this.buckets.set(caller, bucket);
    }
    return bucket.tryTake();
  }

  private forgetIdle(): void {
    for (const [caller, bucket] of this.buckets) if (bucket.full) this.buckets.delete(caller);
  }
}
