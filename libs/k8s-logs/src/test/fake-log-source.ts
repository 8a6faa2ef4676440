import { Observable, Subject } from 'rxjs';
import type { PodLogQuery, PodLogSource } from '../pod-log-source';

/** One log request the fake received: the test writes its body, ends it or breaks it. */
export class FakeLogRequest {
  readonly body = new Subject<Buffer>();
  open = true;
  constructor(readonly query: PodLogQuery) {}
  write(text: string): void {
    this.body.next(Buffer.from(text));
  }
}

/** A log source fed by the test, one FakeLogRequest per subscription, recording whether each is still open. */
export class FakeLogSource implements PodLogSource {
  readonly requests: FakeLogRequest[] = [];
  private waiters: Array<() => void> = [];

  chunks(query: PodLogQuery): Observable<Buffer> {
    return new Observable<Buffer>((subscriber) => {
      const request = new FakeLogRequest(query);
      this.requests.push(request);
      this.waiters.splice(0).forEach((wake) => wake());
      const subscription = request.body.subscribe(subscriber);
      return () => {
        request.open = false;
        subscription.unsubscribe();
      };
    });
  }

  get last(): FakeLogRequest {
    return this.requests[this.requests.length - 1];
  }

  get openCount(): number {
    return this.requests.filter((r) => r.open).length;
  }

  /** Resolves with the pod's `index`-th request (0-based) once it has arrived. */
  async requestFor(pod: string, index: number): Promise<FakeLogRequest> {
    for (;;) {
      const request = this.requests.filter((r) => r.query.pod === pod)[index];
      if (request) return request;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Resolves once the source has received `count` requests. */
  async requested(count: number): Promise<FakeLogRequest> {
    while (this.requests.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.requests[count - 1];
  }
}
