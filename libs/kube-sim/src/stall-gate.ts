/** What a writer asks before it writes: may I now, and if not, tell me when to ask again. */
export interface Gate {
  stalled(): boolean;
  /** Runs `go` once the gate may have opened; the returned function cancels, for a client that leaves meanwhile. */
  whenResumed(go: () => void): () => void;
}

/**
 * A hung kubelet for one pod: while stalled, its log streams write nothing at all (the connection
 * stays open) and new log requests get no answer; resume() lets all of them continue.
 */
export class StallGate implements Gate {
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

/**
 * Stalled while any of `gates` is (a hung kubelet, a stream that stopped following, a frozen API server).
 * It waits on one stalled gate at a time: the writer asks again when that one resumes.
 */
export function anyGate(gates: Gate[]): Gate {
  return {
    stalled: () => gates.some((gate) => gate.stalled()),
    whenResumed: (go) => {
      const stalled = gates.find((gate) => gate.stalled());
      if (stalled) return stalled.whenResumed(go);
      go();
      return () => undefined;
    },
  };
}
