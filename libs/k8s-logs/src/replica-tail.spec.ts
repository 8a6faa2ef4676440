import { UNLIMITED_DEMAND } from '@applogs/flow-control';
import { create, ReplicaIdentifierSchema } from '@applogs/proto';
import type { Replica } from './replica';
import { ReplicaTail } from './replica-tail';
import { logsOf } from './test/batch-logs';
import { FakeLogSource } from './test/fake-log-source';

const replica: Replica = {
  id: create(ReplicaIdentifierSchema, { appId: { org: '', project: 'demo', domain: 'development', name: 'hello' }, name: 'hello-pod-a' }),
  namespace: 'flyte',
  pod: 'hello-pod-a',
  container: 'user-container',
  shortName: 'a',
  follow: true,
  restartCount: 0,
};
const query = { namespace: 'flyte', pod: 'hello-pod-a', container: 'user-container', follow: true };

const messagesOf = (emitted: Buffer[]) => emitted.map((bytes) => logsOf(bytes).flatMap((logs) => logs.structuredLines.map((line) => line.message)));

function tail(start: ConstructorParameters<typeof ReplicaTail>[2] = { tailLines: 10 }) {
  const source = new FakeLogSource();
  const replicaTail = new ReplicaTail(source, replica, start);
  const emitted: Buffer[] = [];
  const events: string[] = [];
  const subscription = replicaTail.lines(UNLIMITED_DEMAND).subscribe({
    next: (message) => emitted.push(message),
    complete: () => events.push('complete'),
    error: (error: Error) => events.push(`error ${error.message}`),
  });
  return { source, replicaTail, emitted, events, subscription };
}

describe('ReplicaTail', () => {
  test('asks for the container with follow and tail lines, nothing before subscription, aborts on unsubscribe', () => {
    const source = new FakeLogSource();
    const lines$ = new ReplicaTail(source, replica, { tailLines: 1000 }).lines(UNLIMITED_DEMAND);
    expect(source.requests).toHaveLength(0);
    const subscription = lines$.subscribe();
    expect(source.last.query).toEqual({ ...query, tailLines: 1000 });
    subscription.unsubscribe();
    expect(source.openCount).toBe(0);
  });

  test('a joined replica is read from its first line; a resumed one from the second of its cursor', () => {
    expect(tail({}).source.last.query).toEqual(query);
    const after = { seconds: Date.parse('2026-11-25T10:00:07Z') / 1000, nanos: 5, lines: [] };
    expect(tail({ after }).source.last.query).toEqual({ ...query, sinceTime: '2026-11-25T10:00:07Z' });
  });

  test('each chunk is flushed at once as one response, a cut line waits for its end', () => {
    const { source, emitted } = tail();
    source.last.write('2026-11-25T10:00:00.000000001Z one\n2026-11-25T10:00:00.000000002Z tw');
    expect(messagesOf(emitted)).toEqual([['one']]);
    source.last.write('o\n');
    expect(messagesOf(emitted)).toEqual([['one'], ['two']]);
  });

  test('responses carry the replica id on every LogLines', () => {
    const { source, emitted } = tail();
    source.last.write(Array.from({ length: 150 }, (_, i) => `line ${i}\n`).join(''));
    const logs = logsOf(emitted[0]);
    expect(logs.map((l) => [l.replicaId, l.structuredLines.length])).toEqual([
      [replica.id, 100],
      [replica.id, 50],
    ]);
  });

  test('the last line without a newline is emitted when the body ends, then the tail completes', () => {
    const { source, emitted, events } = tail();
    source.last.write('first\nlast');
    source.last.body.complete();
    expect(messagesOf(emitted)).toEqual([['first'], ['last']]);
    expect(events).toEqual(['complete']);
  });

  test('an upstream error ends the tail with that error, and the cursor says where the lines sent end', () => {
    const { source, replicaTail, events } = tail();
    source.last.write('2026-11-25T10:00:00.1Z a\n2026-11-25T10:00:00.2Z b\n2026-11-25T10:00:00.2Z c\n');
    source.last.body.error(new Error('reset'));
    expect(events).toEqual(['error reset']);
    const cursor = replicaTail.cursor()!;
    expect([cursor.seconds, cursor.nanos, cursor.lines.map((line) => `${line.first} x${line.pieces}`)]).toEqual([
      Date.parse('2026-11-25T10:00:00Z') / 1000,
      200000000,
      ['b x1', 'c x1'],
    ]);
  });

  test('resuming after a cursor skips what was sent, by timestamp and text, and nothing after it', () => {
    const first = tail();
    first.source.last.write('2026-11-25T10:00:00.1Z a\n2026-11-25T10:00:00.2Z b\n');
    const resumed = tail({ after: first.replicaTail.cursor()! });
    // Kubernetes repeats the whole second; a line with the cursor's timestamp but other text is new.
    resumed.source.last.write('2026-11-25T10:00:00.1Z a\n2026-11-25T10:00:00.2Z b\n2026-11-25T10:00:00.2Z b2\n2026-11-25T10:00:00.3Z c\n');
    expect(messagesOf(resumed.emitted)).toEqual([['b2', 'c']]);
  });
});
