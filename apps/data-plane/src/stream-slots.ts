/** Which limit refused a stream. */
export type SlotRefusal = 'global' | 'caller';

/**
 * Counting semaphores that refuse instead of queueing (a follow stream may never end, so a queue would wait for
 * ever): one for the whole data plane, and one per caller so that one user cannot take every slot.
 */
export class StreamSlots {
  private used = 0;
  private readonly usedByCaller = new Map<string, number>();

  constructor(
    readonly limit: number,
    readonly perCallerLimit: number = limit,
  ) {}

  /** Takes a slot for `caller`, or says which limit is full. */
  tryAcquire(caller = ''): SlotRefusal | undefined {
    if (this.used >= this.limit) return 'global';
    const callerUsed = this.usedByCaller.get(caller) ?? 0;
    if (callerUsed >= this.perCallerLimit) return 'caller';
    this.used += 1;
    this.usedByCaller.set(caller, callerUsed + 1);
    return undefined;
  }

  release(caller = ''): void {
    const callerUsed = this.usedByCaller.get(caller) ?? 0;
    if (this.used === 0 || callerUsed === 0) throw new Error('StreamSlots.release() without a matching tryAcquire()');
    this.used -= 1;
    if (callerUsed === 1) this.usedByCaller.delete(caller);
    else this.usedByCaller.set(caller, callerUsed - 1);
  }

  get inUse(): number {
    return this.used;
  }
}
