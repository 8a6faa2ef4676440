import { EventEmitter } from 'node:events';

/** Event-driven waits for tests: re-checks a predicate on every change instead of polling. */
export class ChangeWaiter {
  private readonly events = new EventEmitter();

  constructor() {
    // Waiters are per test; many concurrent ones are legitimate, not a leak.
    this.events.setMaxListeners(0);
  }

  changed(): void {
    this.events.emit('change');
  }

  waitFor(done: () => boolean, describe: () => string, timeoutMs: number): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onChange = (): void => {
        if (!done()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(describe()));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.events.off('change', onChange);
      };
      this.events.on('change', onChange);
    });
  }
}
