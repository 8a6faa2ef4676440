import { LogLineOriginator, LogLineSource, type LogLines } from '@applogs/proto';
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

function messagesOf(emitted: LogLines[][]): string[][] {
  return emitted.map((messages) => messages.flatMap((m) => m.structured_lines.map((line) => line.message)));
}

describe('tailReplica', () => {
  test('asks for the container with follow and tail lines, nothing before subscription', () => {
    const source = new FakeLogSource();
    const tail$ = tailReplica(source, replica, { tailLines: 1000 });
    expect(source.queries).toHaveLength(0);
    const subscription = tail$.subscribe();
    expect(source.queries).toEqual([{ ...replica, tailLines: 1000 }]);
    subscription.unsubscribe();
    expect(source.open).toBe(0);
  });

  test('each chunk is flushed at once as one emission, a cut line waits for its end', () => {
    const source = new FakeLogSource();
    const emitted: LogLines[][] = [];
    tailReplica(source, replica, { tailLines: 10 }).subscribe((messages) => emitted.push(messages));
    source.write('2026-11-25T10:00:00.000000001Z one\n2026-11-25T10:00:00.000000002Z tw');
    expect(messagesOf(emitted)).toEqual([['one']]);
    source.write('o\n');
    expect(messagesOf(emitted)).toEqual([['one'], ['two']]);
  });

  test('lines become USER LogLines of at most 100 with the replica id, timestamps kept to the nanosecond', () => {
    const source = new FakeLogSource();
    const emitted: LogLines[][] = [];
    tailReplica(source, replica, { tailLines: 1000 }).subscribe((messages) => emitted.push(messages));
    const body = Array.from({ length: 250 }, (_, i) => `2026-11-25T10:00:00.${String(i + 1).padStart(9, '0')}Z line ${i}\n`).join('');
    source.write(body);
    expect(emitted).toHaveLength(1);
    const [messages] = emitted;
    expect(messages.map((m) => m.structured_lines.length)).toEqual([100, 100, 50]);
    expect(messages.every((m) => m.replica_id === replica.id && m.source === LogLineSource.LOG_LINE_SOURCE_LIVE)).toBe(true);
    expect(messages[2].structured_lines[49]).toEqual({
      timestamp: { seconds: '1795600800', nanos: 250 },
      message: 'line 249',
      originator: LogLineOriginator.USER,
      short_pod_name: 'a',
    });
  });

  test('the last line without a newline is emitted when the body ends, then the tail completes', () => {
    const source = new FakeLogSource();
    const emitted: LogLines[][] = [];
    let completed = false;
    tailReplica(source, replica, { tailLines: 10 }).subscribe({ next: (m) => emitted.push(m), complete: () => (completed = true) });
    source.write('first\nlast');
    source.body.complete();
    expect(messagesOf(emitted)).toEqual([['first'], ['last']]);
    expect(completed).toBe(true);
  });

  test('an upstream error ends the tail with that error', () => {
    const source = new FakeLogSource();
    let failure: unknown;
    tailReplica(source, replica, { tailLines: 10 }).subscribe({ error: (error) => (failure = error) });
    source.body.error(new Error('reset'));
    expect(failure).toEqual(new Error('reset'));
  });
});
