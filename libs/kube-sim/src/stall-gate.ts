/**
 * A hung kubelet for one pod: while stalled, its log streams write nothing at all (the connection
 * stays open) and new log requests get no answer; resume() lets all of them continue.
 */
export class StallGate {
  private isStalled = false;
  private readonly waiting = new Set<() => void>();

  stalled(): boolean {
    return this.isStalled;
  }

  stall(): void {
    this.isStalled = true;
  }

  resume(): void {
    this.isStalled = false;
    const waiting = [...this.waiting];
    this.waiting.clear();
    for (const go of waiting) go();
  }

  /** Runs `go` on resume; the returned function cancels, for a client that leaves while stalled. */
  whenResumed(go: () => void): () => void {
    this.waiting.add(go);
    return () => this.waiting.delete(go);
  }
}
