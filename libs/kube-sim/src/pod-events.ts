import type { PodView } from './sim-pod';

export type PodEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One stored change, with the pod as it was right after it (and, for MODIFIED, right before). */
export interface PodEvent {
  type: PodEventType;
  rv: number;
  pod: PodView;
  /** For MODIFIED: lets a watcher tell that a label change moved the pod into or out of its selector. */
  prev?: PodView;
}

/** Like the apiserver's watch cache window: enough for a short disconnect, small enough that a long one gets 410. */
export const WATCH_HISTORY_EVENTS = 1000;

/**
 * The bounded pod event history watches replay from, and the live feed they follow. Resuming at
 * resourceVersion N needs every event after N, so N must not be older than what was dropped.
 */
export class PodEventLog {
  private events: PodEvent[] = [];
  /** Every event with rv above this is retained, so a watch may resume from here or later. */
  private resumable: number;
  private readonly listeners = new Set<(event: PodEvent) => void>();

  constructor(
    startRv: number,
    private readonly capacity = WATCH_HISTORY_EVENTS,
  ) {
    this.resumable = startRv;
  }

  record(event: PodEvent): void {
    this.events.push(event);
    if (this.events.length > this.capacity) this.resumable = (this.events.shift() as PodEvent).rv;
    for (const listener of [...this.listeners]) listener(event);
  }

  /** The oldest resourceVersion a watch can resume from. */
  oldestResumable(): number {
    return this.resumable;
  }

  /** Events after `rv`, oldest first; undefined when some of them were already dropped (410 Expired). */
  since(rv: number): PodEvent[] | undefined {
    if (rv < this.resumable) return undefined;
    return this.events.filter((e) => e.rv > rv);
  }

  /** Forgets everything before `currentRv`, as if the window had moved on: older resumes get 410. */
  expire(currentRv: number): void {
    this.events = [];
    this.resumable = currentRv;
  }

  subscribe(listener: (event: PodEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
