import { performance } from 'node:perf_hooks';
import { isControlAction } from './control-actions';
import type { TimelineStep } from './types';

/** Checks a scenario's timeline up front, so a typo fails at start rather than minutes into a demo. */
export function validateTimeline(steps: readonly TimelineStep[]): void {
  steps.forEach((step, i) => {
    if (typeof step !== 'object' || step === null) throw new Error(`timeline[${i}] must be an object`);
    if (typeof step.atMs !== 'number' || !Number.isFinite(step.atMs) || step.atMs < 0) {
      throw new Error(`timeline[${i}].atMs must be a number >= 0`);
    }
    if (!isControlAction(step.action)) throw new Error(`timeline[${i}]: unknown action ${JSON.stringify(step.action)}`);
  });
}

/**
 * Runs scheduled control actions relative to start(). One timer for the next due step, and steps
 * run in atMs order (ties in file order) even when a timer fires late and several are due at once.
 */
export class Timeline {
  private readonly steps: TimelineStep[];
  private next = 0;
  private startedMs = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    steps: readonly TimelineStep[],
    private readonly run: (step: TimelineStep) => void,
    private readonly onError: (step: TimelineStep, err: Error) => void,
  ) {
    validateTimeline(steps);
    // Array.prototype.sort is stable: equal atMs keep their file order.
    this.steps = [...steps].sort((a, b) => a.atMs - b.atMs);
  }

  start(): void {
    this.startedMs = performance.now();
    this.schedule();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.next = this.steps.length;
  }

  private schedule(): void {
    if (this.next >= this.steps.length) return;
    const delay = Math.max(0, this.startedMs + this.steps[this.next].atMs - performance.now());
    this.timer = setTimeout(() => this.runDue(), delay);
  }

  private runDue(): void {
    const elapsed = performance.now() - this.startedMs;
    while (this.next < this.steps.length && this.steps[this.next].atMs <= elapsed) {
      const step = this.steps[this.next++];
      try {
        this.run(step);
      } catch (err) {
        // One failed step (say, a pod already gone) must not cancel the rest of the demo.
        this.onError(step, err as Error);
      }
    }
    this.schedule();
  }
}
