import { REPO_ROOT } from '@applogs/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as path from 'node:path';

export const CLI_MAIN = path.join(REPO_ROOT, 'dist/apps/cli/src/main.js');

export interface CliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * `applogs` as a user runs it: its own process, stdout and stderr pipes. Asynchronous on purpose: the simulated
 * Kubernetes API serves from the test's own event loop. Only the environment given is passed (and PATH), so
 * NO_COLOR or FORCE_COLOR of the test run do not leak in.
 */
export class CliProcess {
  stdout = '';
  stderr = '';
  /** Complete stdout lines so far, counted as they come (cheaper than splitting a large output). */
  lineCount = 0;
  readonly exited: Promise<CliExit>;
  private ended = false;
  private waiters: Array<() => void> = [];

  private constructor(readonly child: ChildProcess) {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
      for (let at = chunk.indexOf('\n'); at !== -1; at = chunk.indexOf('\n', at + 1)) this.lineCount++;
      this.notify();
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
      this.notify();
    });
    // 'close': the process exited and both pipes were read to their end.
    this.exited = once(child, 'close').then(([code, signal]) => {
      this.ended = true;
      this.notify();
      return { code: code as number | null, signal: signal as NodeJS.Signals | null, stdout: this.stdout, stderr: this.stderr };
    });
  }

  static start(args: string[], env: Record<string, string> = {}): CliProcess {
    return new CliProcess(spawn(process.execPath, [CLI_MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  /** Runs to the end. */
  static run(args: string[], env: Record<string, string> = {}): Promise<CliExit> {
    return CliProcess.start(args, env).exited;
  }

  /** Complete stdout lines so far. */
  get lines(): string[] {
    return this.stdout.split('\n').slice(0, -1);
  }

  /** Resolves once `done()` holds, checked on every chunk of output; rejects if the process ends first. */
  async until(done: () => boolean, what = 'the condition'): Promise<void> {
    while (!done()) {
      if (this.ended) {
        throw new Error(`applogs exited before ${what}:\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  untilStderr(pattern: RegExp): Promise<void> {
    return this.until(() => pattern.test(this.stderr), `stderr matched ${pattern}`);
  }

  /** Sends SIGINT (Ctrl-C) and waits for the exit. */
  async interrupt(): Promise<CliExit> {
    this.child.kill('SIGINT');
    return this.exited;
  }

  /** Stops it whatever state it is in (test cleanup). */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }
}
