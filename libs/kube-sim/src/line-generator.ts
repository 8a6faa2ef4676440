import { performance } from 'node:perf_hooks';
import { generatedLineText } from './line-text';
import type { SimContainer, SimPod } from './sim-pod';

interface Running {
  pod: SimPod;
  container: SimContainer;
  startedMs: number;
  /** Fraction of a line period this container runs ahead, so equal-rate containers do not emit in lockstep. */
  phase: number;
  written: number;
  /** When line written+1 is due: most ticks only compare this, keeping 100s of slow producers cheap. */
  nextDueMs: number;
}

/** Fine enough that a 10 lines/s container writes each line within a few ms of its own time, not in bursts. */
const TICK_MS = 5;

function dueAt(r: Running, lines: number): number {
  return r.startedMs + ((lines - r.phase) / r.container.ratePerSecond) * 1000;
}

/**
 * Produces lines at each container's rate from one shared timer, so 100s of slow producers cost
 * one timer. Each tick catches up to floor(elapsed * rate), so rates far above the tick
 * frequency still come out right. Flood containers are not driven here: their readers generate.
 */
export class LineGenerator {
  private readonly running = new Map<SimContainer, Running>();
  private timer: NodeJS.Timeout | undefined;

  start(pod: SimPod, container: SimContainer): void {
    if (container.ratePerSecond <= 0 || container.flood || this.running.has(container)) return;
    const r: Running = { pod, container, startedMs: performance.now(), phase: Math.random(), written: 0, nextDueMs: 0 };
    r.nextDueMs = dueAt(r, 1);
    this.running.set(container, r);
    if (!this.timer) {
      this.timer = setInterval(() => this.tick(), TICK_MS);
      // The HTTP server keeps a sim process alive; the generator alone must not keep a test runner alive.
      this.timer.unref();
    }
  }

  stopPod(pod: SimPod): void {
    for (const c of pod.containers) this.running.delete(c);
    if (this.running.size === 0) this.stopAll();
  }

  stopAll(): void {
    this.running.clear();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const now = performance.now();
    for (const r of this.running.values()) {
      if (now < r.nextDueMs) continue;
      const due = Math.floor(((now - r.startedMs) / 1000) * r.container.ratePerSecond + r.phase) - r.written;
      if (due <= 0) continue;
      const { pod, container } = r;
      const first = container.generated + 1;
      const texts = Array.from({ length: due }, (_, i) => generatedLineText(container.lineStyle, pod.name, container.name, first + i, container.lineBytes));
      container.generated += due;
      r.written += due;
      r.nextDueMs = dueAt(r, r.written + 1);
      container.log.append(texts);
    }
  }
}
