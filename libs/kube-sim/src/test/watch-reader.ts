import type { KubeSimAccess } from '../kubeconfig';
import { openStream, type ApiJson, type StreamReader } from './http';

export interface WatchEvent {
  type: string;
  object: ApiJson;
}

/** A watch response read as newline-delimited JSON events, so tests can await events instead of sleeping. */
export class WatchReader {
  private constructor(readonly stream: StreamReader) {}

  static async open(sim: KubeSimAccess, path: string, headers: Record<string, string> = {}): Promise<WatchReader> {
    return new WatchReader(await openStream(sim, path, headers));
  }

  get status(): number {
    return this.stream.status;
  }

  get finished(): Promise<'end' | 'aborted'> {
    return this.stream.finished;
  }

  events(): WatchEvent[] {
    return this.stream.lines().map((line) => JSON.parse(line) as WatchEvent);
  }

  /** `TYPE name` per event, the compact form tests compare. */
  summary(): string[] {
    return this.events().map((e) => `${e.type} ${e.object?.metadata?.name ?? ''}`.trim());
  }

  waitForEvents(n: number, timeoutMs = 5000): Promise<void> {
    return this.stream.waitFor(() => this.events().length >= n, timeoutMs);
  }

  destroy(): void {
    this.stream.destroy();
  }
}
