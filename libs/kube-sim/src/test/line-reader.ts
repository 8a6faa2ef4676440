import type { IncomingMessage } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { KubeSimAccess } from '../kubeconfig';
import { simGet } from '../sim-client';

/**
 * A raw node:http log reader that hands each complete line to a callback instead of keeping the
 * text, so tests can read millions of flood lines and check them on the fly.
 */
export class LineReader {
  lines = 0;
  readonly finished: Promise<'end' | 'aborted'>;
  private partial = '';
  private waiters: Array<() => void> = [];

  private constructor(
    readonly res: IncomingMessage,
    onLine: (line: string) => void,
  ) {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      const parts = (this.partial + chunk).split('\n');
      this.partial = parts.pop() as string;
      for (const line of parts) onLine(line);
      this.lines += parts.length;
      for (const w of [...this.waiters]) w();
    });
    this.finished = new Promise((resolve) => {
      res.on('end', () => resolve('end'));
      res.on('aborted', () => resolve('aborted'));
      res.on('error', () => resolve('aborted'));
    });
  }

  static open(sim: KubeSimAccess, path: string, onLine: (line: string) => void = () => undefined): Promise<LineReader> {
    return new Promise((resolve, reject) => {
      simGet(sim, path, {}, (res) => resolve(new LineReader(res, onLine))).on('error', reject);
    });
  }

  /** Resolves on the data event that brings the line count to n. */
  waitForLines(n: number, timeoutMs = 20_000): Promise<void> {
    return this.waitFor(
      () => this.lines >= n,
      () => `timed out waiting for ${n} lines; got ${this.lines}`,
      timeoutMs,
    );
  }

  /** Re-checks `done` on every data event. */
  waitFor(done: () => boolean, describe = (): string => `timed out; got ${this.lines} lines`, timeoutMs = 20_000): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!done()) return;
        finish();
        resolve();
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(describe()));
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
      };
      this.waiters.push(check);
    });
  }

  pause(): void {
    this.res.pause();
  }

  resume(): void {
    this.res.resume();
  }

  destroy(): void {
    this.res.destroy();
  }
}

/**
 * Runs event-loop turns until `value()` is positive and unchanged for `turns` turns in a row, and
 * returns it; undefined if that does not happen within `maxTurns` or `timeoutMs`. For the sim's
 * buffered log bytes this means it has stopped writing: a flowing stream writes on every turn.
 */
export async function steadyValue(value: () => number, turns = 50, maxTurns = 1_000_000, timeoutMs = 10_000): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  let last = value();
  let same = 0;
  for (let turn = 0; turn < maxTurns && Date.now() < deadline; turn++) {
    await nextTurn();
    const current = value();
    same = current > 0 && current === last ? same + 1 : 0;
    last = current;
    if (same >= turns) return current;
  }
  return undefined;
}
