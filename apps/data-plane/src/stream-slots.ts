/** A counting semaphore that refuses instead of queueing: a follow stream may never end, so a queue would wait for ever. */
export class StreamSlots {
  private used = 0;

  constructor(readonly limit: number) {}

  tryAcquire(): boolean {
    if (this.used >= this.limit) return false;
    this.used += 1;
    return true;
  }

  release(): void {
    if (this.used === 0) throw new Error('StreamSlots.release() without a matching tryAcquire()');
    this.used -= 1;
  }

  get inUse(): number {
    return this.used;
  }
}
