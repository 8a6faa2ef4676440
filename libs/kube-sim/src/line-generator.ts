import { generatedLineText } from './line-text';
import type { SimContainer, SimPod } from './sim-pod';

interface Running {
  pod: SimPod;
  container: SimContainer;
  startedAt: bigint;
  written: number;
}

const TICK_MS = 25;

/**
 * Produces lines at each container's rate from one shared timer. Each tick catches up to
 * floor(elapsed * rate), so rates far above the tick frequency still come out right.
 */
export class LineGenerator {
  private readonly running = new Map<SimContainer, Running>();
  private timer: NodeJS.Timeout | undefined;

  start(pod: SimPod, container: SimContainer): void {
    if (container.ratePerSecond <= 0 || this.running.has(container)) return;
    this.running.set(container, { pod, container, startedAt: process.hrtime.bigint(), written: 0 });
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
    const now = process.hrtime.bigint();
    for (const r of this.running.values()) {
      const elapsedSeconds = Number(now - r.startedAt) / 1e9;
      const due = Math.floor(elapsedSeconds * r.container.ratePerSecond) - r.written;
      if (due <= 0) continue;
      const { pod, container } = r;
      const first = container.generated + 1;
      const texts = Array.from({ length: due }, (_, i) => generatedLineText(container.lineStyle, pod.name, container.name, first + i));
      container.generated += due;
      r.written += due;
      container.log.append(texts);
    }
  }
}
