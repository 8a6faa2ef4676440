import { UNLIMITED_DEMAND } from '@applogs/flow-control';
import { Code, create, ReplicaIdentifierSchema, type ReplicaEvent, type TailLogsMessage, type TailLogsResponse } from '@applogs/proto';
import { AppLogsError, NoAnswerError, unavailable } from './errors';
import type { Replica } from './replica';
import { ReplicaFollower } from './replica-follower';
import { FakeLogSource } from './test/fake-log-source';
import { FakePodDirectory, pod } from './test/fake-pod-directory';
import { show } from './test/show-message';

const replica: Replica = {
  id: create(ReplicaIdentifierSchema, { appId: { org: '', project: 'demo', domain: 'development', name: 'hello' }, name: 'p1' }),
  namespace: 'flyte',
  pod: 'p1',
  container: 'user-container',
  shortName: 'p1',
  follow: true,
  restartCount: 0,
};
const retry = { initialDelayMs: 1, maxDelayMs: 2, maxAttempts: 2 };

function follow(directory = new FakePodDirectory([pod('p1', {})]), replicaToFollow = replica) {
  const logs = new FakeLogSource();
  const follower = new ReplicaFollower(replicaToFollow, { logs, pods: directory, retry }, { tailLines: 10 });
  const out: string[] = [];
  let done!: () => void;
  const completed = new Promise<void>((resolve) => (done = resolve));
  const subscription = follower.follow(UNLIMITED_DEMAND).subscribe({ next: (m) => out.push(show(m)), complete: () => done() });
  return { logs, follower, out, completed, subscription, directory };
}

describe('ReplicaFollower', () => {
  test('a restarted container is followed again, resuming after the last line sent', async () => {
    const { logs, out, directory, subscription } = follow();
    logs.last.write('2026-11-25T10:00:00.1Z a\n2026-11-25T10:00:00.2Z b\n');
    directory.pods = [pod('p1', {}, 'Running', ['user-container'], 1)];
    logs.last.body.complete();
    const second = await logs.requested(2);
    expect(second.query.sinceTime).toBe('2026-11-25T10:00:00Z');
    expect(second.query.tailLines).toBeUndefined();
    second.write('2026-11-25T10:00:00.2Z b\n2026-11-25T10:00:01Z c\n');
    expect(out).toEqual(['a,b', 'RESTARTED: container user-container restarted (restart 1); following the new one', 'c']);
    subscription.unsubscribe();
    expect(logs.openCount).toBe(0);
  });

  test('RESTARTED carries the exit of the container that ended, from lastState.terminated', async () => {
    const directory = new FakePodDirectory([pod('p1', {})]);
    const logs = new FakeLogSource();
    const events: TailLogsMessage[] = [];
    const subscription = new ReplicaFollower(replica, { logs, pods: directory, retry }, { tailLines: 10 })
      .follow(UNLIMITED_DEMAND)
      .subscribe((m) => events.push(m));
    const restarted = pod('p1', {}, 'Running', ['user-container'], 1);
    const finishedAt = new Date('2026-11-25T10:00:02Z');
    restarted.status!.containerStatuses![0].lastState = { terminated: { exitCode: 137, reason: 'OOMKilled', signal: 9, finishedAt } };
    directory.pods = [restarted];
    logs.last.body.complete();
    await logs.requested(2);
    expect(events.map(show)).toEqual(['RESTARTED: container user-container restarted (restart 1) after exit 137 (OOMKilled, signal 9); following the new one']);
    const event = (events[0] as TailLogsResponse).resp.value as ReplicaEvent;
    expect(event.exit).toMatchObject({ exitCode: 137, reason: 'OOMKilled', signal: 9, finishedAt: { seconds: BigInt(finishedAt.getTime() / 1000), nanos: 0 } });
    subscription.unsubscribe();
  });

  test('an error that is no Kubernetes or connection failure is a bug: no retry, the follower ends as broken', async () => {
    const { logs, out, follower: broken, completed } = follow();
    const bug = new TypeError("Cannot read properties of undefined (reading 'seconds')");
    logs.last.body.error(bug);
    await completed;
    expect(out).toEqual([]);
    expect(logs.requests).toHaveLength(1);
    expect(broken.end).toEqual({ kind: 'broken', error: bug });
  });

  test('a broken stream is retried with backoff, resuming without loss or repetition', async () => {
    const { logs, out, subscription } = follow();
    logs.last.write('2026-11-25T10:00:00.1Z a\n');
    logs.last.body.error(unavailable('HTTP 500 from the kubelet'));
    const second = await logs.requested(2);
    second.write('2026-11-25T10:00:00.1Z a\n2026-11-25T10:00:00.2Z b\n');
    expect(out[0]).toBe('a');
    expect(out[1]).toMatch(/^RETRYING: HTTP 500 from the kubelet; retry 1 of 2 in \d+ ms$/);
    expect(out[2]).toBe('b');
    subscription.unsubscribe();
  });

  test('gives up after the retries (FAILED) and ends as failed', async () => {
    const { logs, out, follower, completed } = follow();
    for (let attempt = 1; attempt <= 3; attempt += 1) (await logs.requested(attempt)).body.error(unavailable('reset'));
    await completed;
    expect(out.map((o) => o.split(':')[0])).toEqual(['RETRYING', 'RETRYING', 'FAILED']);
    expect(out[2]).toBe('FAILED: gave up after 2 retries: reset');
    expect(follower.end).toEqual({ kind: 'failed', error: new AppLogsError(Code.UNAVAILABLE, 'replica p1: gave up after 2 retries: reset') });
  });

  test('when the API server did not answer, the retry comes without asking it about the pod', async () => {
    const directory = new FakePodDirectory([pod('p1', {})]);
    const lookups: string[] = [];
    directory.getPod = async (_namespace: string, name: string) => {
      lookups.push(name);
      return new Promise(() => undefined);
    };
    const { logs, out, subscription } = follow(directory);
    logs.last.body.error(new NoAnswerError('no bytes for 30000 ms and the API server did not answer a probe in 10000 ms'));
    await logs.requested(2);
    expect(out).toEqual([expect.stringMatching(/^RETRYING: no bytes for 30000 ms and the API server did not answer a probe in 10000 ms; retry 1 of 2/)]);
    expect(lookups).toEqual([]);
    subscription.unsubscribe();
  });

  test('a deleted pod ends the follower quietly with LEFT', async () => {
    const { logs, out, follower, completed, directory } = follow();
    directory.pods = [];
    logs.last.body.complete();
    await completed;
    expect(out).toEqual(['LEFT: pod p1 was deleted']);
    expect(follower.end).toEqual({ kind: 'ended' });
  });

  test('a finished container ends the follower with LEFT', async () => {
    const { logs, out, completed, directory } = follow();
    directory.pods = [pod('p1', {}, 'Succeeded')];
    logs.last.body.complete();
    await completed;
    expect(out).toEqual(['LEFT: pod p1 is Succeeded']);
  });

  test('a replica that was not running is read once', async () => {
    const { logs, out, completed } = follow(undefined, { ...replica, follow: false });
    logs.last.write('only\n');
    logs.last.body.complete();
    await completed;
    expect(out).toEqual(['only']);
    expect(logs.requests).toHaveLength(1);
  });
});
