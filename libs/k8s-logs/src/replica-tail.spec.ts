import { decodeTailLogsResponse } from '@applogs/proto';
import { UNLIMITED_DEMAND } from '@applogs/service-kit';
import { Observable, Subject } from 'rxjs';
import type { PodLogQuery, PodLogSource } from './pod-log-source';
import type { Replica } from './replica';
import { tailReplica } from './replica-tail';

const replica: Replica = {
  id: { app_id: { org: '', project: 'demo', domain: 'development', name: 'hello' }, name: 'hello-pod-a' },
  namespace: 'flyte',
  pod: 'hello-pod-a',
  container: 'user-container',
  shortName: 'a',
  follow: true,
};

/** A log source fed by the test, recording what was asked and whether the request is still open. */
class FakeLogSource implements PodLogSource {
  readonly body = new Subject<Buffer>();
  queries: PodLogQuery[] = [];
  open = 0;

  chunks(query: PodLogQuery): Observable<Buffer> {
    return new Observable<Buffer>((subscriber) => {
      this.queries.push(query);
      this.open += 1;
      const subscription = this.body.subscribe(subscriber);
      return () => {
        this.open -= 1;
        subscription.unsubscribe();
      };
    });
  }

  write(text: string): void {
    this.body.next(Buffer.from(text));
  }
}

const messagesOf = (emitted: Buffer[]) =>
  emitted.map((bytes) => decodeTailLogsResponse(bytes).batches!.logs.flatMap((logs) => logs.structured_lines.map((line) => line.message)));

describe('tailReplica', () => {
  test('asks for the container with follow and tail lines, nothing before subscription, aborts on unsubscribe', () => {
    const source = new FakeLogSource();
    const tail$ = tailReplica(source, replica, { tailLines: 1000 }, UNLIMITED_DEMAND);
    expect(source.queries).toHaveLength(0);
    const subscription = tail$.subscribe();
    expect(source.queries).toEqual([{ ...replica, tailLines: 1000 }]);
    subscription.unsubscribe();
    expect(source.open).toBe(0);
  });

  test('each chunk is flushed at once as one response, a cut line waits for its end', () => {
    const source = new FakeLogSource();
    const emitted: Buffer[] = [];
    tailReplica(source, replica, { tailLines: 10 }, UNLIMITED_DEMAND).subscribe((message) => emitted.push(message));
    source.write('2026-11-25T10:00:00.000000001Z one\n2026-11-25T10:00:00.000000002Z tw');
    expect(messagesOf(emitted)).toEqual([['one']]);
    source.write('o\n');
    expect(messagesOf(emitted)).toEqual([['one'], ['two']]);
  });

  test('responses carry the replica id on every LogLines', () => {
    const source = new FakeLogSource();
    const emitted: Buffer[] = [];
    tailReplica(source, replica, { tailLines: 10 }, UNLIMITED_DEMAND).subscribe((message) => emitted.push(message));
    source.write(Array.from({ length: 150 }, (_, i) => `line ${i}\n`).join(''));
    const logs = decodeTailLogsResponse(emitted[0]).batches!.logs;
    expect(logs.map((l) => [l.replica_id, l.structured_lines.length])).toEqual([
      [replica.id, 100],
      [replica.id, 50],
    ]);
  });

  test('the last line without a newline is emitted when the body ends, then the tail completes', () => {
    const source = new FakeLogSource();
    const emitted: Buffer[] = [];
    let completed = false;
    tailReplica(source, replica, { tailLines: 10 }, UNLIMITED_DEMAND).subscribe({ next: (m) => emitted.push(m), complete: () => (completed = true) });
    source.write('first\nlast');
    source.body.complete();
    expect(messagesOf(emitted)).toEqual([['first'], ['last']]);
    expect(completed).toBe(true);
  });

  test('an upstream error ends the tail with that error', () => {
    const source = new FakeLogSource();
    let failure: unknown;
    tailReplica(source, replica, { tailLines: 10 }, UNLIMITED_DEMAND).subscribe({ error: (error) => (failure = error) });
    source.body.error(new Error('reset'));
    expect(failure).toEqual(new Error('reset'));
  });
});
