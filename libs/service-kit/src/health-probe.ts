import { Logger } from '@nestjs/common';
import type { HealthReporter, HealthStatus } from './health';

/** One check of a dependency: resolves when it answers as it should; should give up when `signal` aborts. */
export type HealthCheck = (signal: AbortSignal) => Promise<void>;

export interface HealthProbeOptions {
  /** Time from the end of one probe to the start of the next. */
  intervalMs: number;
  /** A probe without an answer after this long has failed (its signal is aborted). */
  timeoutMs: number;
  /** What is probed, for the log, e.g. "the Kubernetes API". */
  target: string;
}

/**
 * Probes a dependency at start and then every `intervalMs`, and reports SERVING while it answers and
 * NOT_SERVING while it does not. Probes never overlap. Changes (and a new cause of failure) are logged once,
 * not on every probe.
 */
export class PeriodicHealthProbe {
  private readonly logger = new Logger('Health');
  private timer: NodeJS.Timeout | undefined;
  private inFlight: AbortController | undefined;
  private stopped = false;
  private loggedFailure: string | undefined;

  constructor(
    private readonly reporter: HealthReporter,
    private readonly check: HealthCheck,
    private readonly options: HealthProbeOptions,
  ) {}

  /** Probes once and resolves when its answer is reported, then goes on probing until `stop()`. */
  async start(): Promise<void> {
    await this.probe();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.inFlight?.abort(new Error('stopped'));
  }

  /** One probe: SERVING when the check resolves within the timeout, NOT_SERVING otherwise. */
  async probe(): Promise<HealthStatus> {
    const failure = await this.runCheck();
    if (this.stopped) return this.reporter.status;
    const status: HealthStatus = failure === undefined ? 'SERVING' : 'NOT_SERVING';
    const changed = this.reporter.set(status);
    if (failure === undefined) {
      if (changed) this.logger.log(`${this.options.target} answers: reporting SERVING`);
      this.loggedFailure = undefined;
    } else if (changed || failure !== this.loggedFailure) {
      this.logger.warn(`${this.options.target} cannot be reached: ${failure}; reporting NOT_SERVING`);
      this.loggedFailure = failure;
    }
    return status;
  }

  /** Runs the check; returns why it failed, or undefined when it passed. */
  private async runCheck(): Promise<string | undefined> {
    const controller = new AbortController();
    this.inFlight = controller;
    const { timeoutMs } = this.options;
    const timer = setTimeout(() => controller.abort(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
    let onAbort: (() => void) | undefined;
    // A check that ignores its signal still fails on time.
    const aborted = new Promise<never>((_resolve, reject) => {
      onAbort = () => reject(controller.signal.reason);
      controller.signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([this.check(controller.signal), aborted]);
      return undefined;
    } catch (error) {
      // The check's own error for an abort is vaguer than the reason we aborted it for.
      const cause = controller.signal.aborted ? controller.signal.reason : error;
      return (cause as Error)?.message || String(cause);
    } finally {
      clearTimeout(timer);
      if (onAbort) controller.signal.removeEventListener('abort', onAbort);
      this.inFlight = undefined;
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.probe().then(() => this.schedule());
    }, this.options.intervalMs);
  }
}
