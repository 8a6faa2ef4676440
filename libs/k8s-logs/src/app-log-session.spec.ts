import { UNLIMITED_DEMAND, type Demand } from '@applogs/flow-control';
import { Code, create, IdentifierSchema, type TailLogsMessage } from '@applogs/proto';
import { firstValueFrom } from 'rxjs';
import { AppLogSession } from './app-log-session';
import { AppPodsWatches } from './app-pods-watches';
import { AppReplicaWatch } from './app-replica-watch';
import { unavailable } from './errors';
import { previousInstances } from './previous-instances';
import type { Replica } from './replica';
import { ReplicaResolver } from './replica-resolver';
import { FakeLogSource } from './test/fake-log-source';
import { FakePodDirectory, pod } from './test/fake-pod-directory';
import { show } from './test/show-message';
import { until } from './test/until';

const appId = create(IdentifierSchema, { org: '', project: 'demo', domain: 'development', name: 'hello' });
const service = 'hello-demo-development';
const labels = (revision = 'r1') => ({ 'serving.knative.dev/service': service, 'serving.knative.dev/revision': revision });
const retry = { initialDelayMs: 1, maxDelayMs: 2, maxAttempts: 1 };

async function session(
  pods = [pod('p1', labels()), pod('p2', labels())],
  revision: string | undefined = 'r1',
  options: { keepAliveMs?: number; demand?: Demand } = {},
) {
  const directory = new FakePodDirectory(pods, revision);
  const resolver = new ReplicaResolver(directory, 'flyte');
  const watches = new AppPodsWatches(directory, resolver, retry);
  const states = watches.states(appId);
  // Holds the shared watch until the session has joined it, as AppLogStream does.
  const held = states.subscribe();
  const first = await firstValueFrom(states);
  const replicas = resolver.replicasOf(appId, first.pods, first.revision);
  const logs = new FakeLogSource();
  const watch = new AppReplicaWatch(states, () => watches.settle(appId), resolver, appId, first);
  const out: string[] = [];
  const ended: string[] = [];
  const subscription = new AppLogSession(
    { replicas, start: { tailLines: 10 }, filter: {}, watch, keepAliveMs: options.keepAliveMs ?? 0 },
    { logs, pods: directory, retry },
    options.demand ?? UNLIMITED_DEMAND,
  )
    .run()
    .subscribe({
      next: (m: TailLogsMessage) => out.push(show(m)),
      complete: () => ended.push('complete'),
      error: (e: { code: number; message: string }) => ended.push(`error ${Code[e.code]} ${e.message}`),
    });
  held.unsubscribe();
  return { directory, logs, out, ended, subscription };
}

const requestFor = (logs: FakeLogSource, podName: string) => logs.requests.filter((r) => r.query.pod === podName);

describe('AppLogSession', () => {
  test("starts with the replica list and one tail per replica, from the list's resourceVersion", async () => {
    const { directory, logs, out, subscription } = await session();
    expect(out).toEqual(['replicas p1,p2']);
    expect(logs.requests.map((r) => [r.query.pod, r.query.tailLines])).toEqual([
      ['p1', 10],
      ['p2', 10],
    ]);
    expect(directory.watches.map((w) => w.resourceVersion)).toEqual(['1']);
    subscription.unsubscribe();
    expect(logs.openCount).toBe(0);
    await until(() => directory.watches[0].stopped);
  });

  test('a pod that starts running joins, read from its first line; a deleted one leaves', async () => {
    const { directory, logs, out, subscription } = await session();
    directory.emit('ADDED', pod('p3', labels(), 'Pending'));
    expect(out).toEqual(['replicas p1,p2']);
    directory.emit('MODIFIED', pod('p3', labels()));
    expect(out.slice(1)).toEqual(['JOINED: pod p3 is running; following it from its first line', 'replicas p1,p2,p3']);
    expect(requestFor(logs, 'p3').map((r) => r.query.tailLines)).toEqual([undefined]);
    directory.emit('DELETED', pod('p1', labels()));
    expect(out.slice(3)).toEqual(['LEFT: pod p1 was deleted', 'replicas p2,p3']);
    expect(requestFor(logs, 'p1')[0].open).toBe(false);
    subscription.unsubscribe();
  });

  test("a rollout moves the call to the new revision's pods", async () => {
    const { directory, out, subscription } = await session();
    directory.emit('ADDED', pod('n1', labels('r2')));
    // Not the latest ready revision yet: nothing changes.
    await new Promise((resolve) => setImmediate(resolve));
    expect(out).toEqual(['replicas p1,p2']);
    directory.revision = 'r2';
    directory.emit('MODIFIED', pod('n1', labels('r2')));
    await new Promise((resolve) => setImmediate(resolve));
    expect(out.slice(1)).toEqual([
      "LEFT: revision r2 replaced pod p1's revision",
      "LEFT: revision r2 replaced pod p2's revision",
      'JOINED: pod n1 is running; following it from its first line',
      'replicas n1',
    ]);
    subscription.unsubscribe();
  });

  test('an expired watch is replaced by a fresh list', async () => {
    const { directory, out, subscription } = await session();
    directory.pods = [pod('p2', labels())];
    directory.watches[0].handlers.onEnd({ expired: true });
    await until(() => directory.watches.length >= 2);
    expect(out.slice(1)).toEqual(['LEFT: pod p1 was deleted', 'replicas p2']);
    subscription.unsubscribe();
  });

  test('the call goes on while one replica fails, and fails when every replica has', async () => {
    const { logs, out, ended } = await session();
    for (const index of [0, 1]) (await logs.requestFor('p1', index)).body.error(unavailable('reset'));
    await until(() => out.includes('replicas p2'));
    expect(out.slice(1)).toEqual([expect.stringMatching(/^RETRYING: reset; retry 1 of 1/), 'FAILED: gave up after 1 retries: reset', 'replicas p2']);
    expect(ended).toEqual([]);
    for (const index of [0, 1]) (await logs.requestFor('p2', index)).body.error(unavailable('HTTP 500'));
    await until(() => ended.length > 0);
    expect(ended).toEqual(['error UNAVAILABLE replica p2: gave up after 1 retries: HTTP 500']);
  });

  test('a bug in one replica tail ends the call at once with that error (INTERNAL at the edge), no retry', async () => {
    const { logs, ended } = await session();
    const bug = new RangeError('Invalid array length');
    (await logs.requestFor('p1', 0)).body.error(bug);
    await until(() => ended.length > 0);
    expect(ended).toEqual(['error undefined Invalid array length']);
    expect(logs.requests).toHaveLength(2);
    expect(logs.openCount).toBe(0);
  });

  test('a previous call whose replicas never restarted: the list, a SKIPPED event each, and the end', async () => {
    const directory = new FakePodDirectory([pod('p1', labels()), pod('p2', labels(), 'Running', ['user-container'], 2)], 'r1');
    const app = await new ReplicaResolver(directory, 'flyte').resolveApp(appId);
    const { read, skipped } = previousInstances(app);
    const logs = new FakeLogSource();
    const out: string[] = [];
    const ended: string[] = [];
    const run = (replicas: Replica[]) =>
      new AppLogSession(
        { replicas, notices: skipped, start: { tailLines: 10 }, filter: {}, keepAliveMs: 0 },
        { logs, pods: directory, retry },
        UNLIMITED_DEMAND,
      )
        .run()
        .subscribe({ next: (m) => out.push(show(m)), complete: () => ended.push('complete') });
    run(read);
    expect(logs.requests.map((r) => [r.query.pod, r.query.previous, r.query.follow, r.query.tailLines])).toEqual([['p2', true, false, 10]]);
    logs.last.write('2026-11-25T10:00:00Z before the crash\n');
    logs.last.body.complete();
    await until(() => ended.length > 0);
    expect(out).toEqual(['replicas p2', 'SKIPPED: pod p1 has no previous container: user-container never restarted', 'before the crash', 'replicas ']);
    out.length = 0;
    run([]);
    expect([out, ended]).toEqual([
      ['replicas ', 'SKIPPED: pod p1 has no previous container: user-container never restarted'],
      ['complete', 'complete'],
    ]);
  });

  test('completes when every replica has gone', async () => {
    const { directory, ended, out } = await session([pod('p1', labels())]);
    directory.emit('DELETED', pod('p1', labels()));
    // Before ending, the pods are listed once more in case one is about to join.
    expect(ended).toEqual([]);
    await until(() => ended.length > 0);
    expect(directory.selectors).toHaveLength(2);
    expect(ended).toEqual(['complete']);
    expect(out).toEqual(['replicas p1', 'LEFT: pod p1 was deleted', 'replicas ']);
  });

  describe('keep-alive', () => {
    beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] }));
    afterEach(() => jest.useRealTimers());

    test('a call silent for keepAliveMs sends the replica list again; anything sent restarts the wait', async () => {
      const { logs, out, subscription } = await session(undefined, 'r1', { keepAliveMs: 15_000 });
      jest.advanceTimersByTime(14_999);
      expect(out).toEqual(['replicas p1,p2']);
      jest.advanceTimersByTime(1);
      expect(out).toEqual(['replicas p1,p2', 'replicas p1,p2']);
      jest.advanceTimersByTime(10_000);
      (await logs.requestFor('p1', 0)).write('2026-11-30T10:00:00.000000000Z hello\n');
      expect(out).toHaveLength(3);
      jest.advanceTimersByTime(14_999);
      expect(out).toHaveLength(3);
      jest.advanceTimersByTime(1);
      expect(out.slice(3)).toEqual(['replicas p1,p2']);
      subscription.unsubscribe();
      expect(jest.getTimerCount()).toBe(0);
    });

    test('a caller that is not reading gets no keep-alive until it can take one', async () => {
      let ready = false;
      const demand: Demand = {
        get ready() {
          return ready;
        },
        whenReady: () => undefined,
      };
      const { out, subscription } = await session(undefined, 'r1', { keepAliveMs: 15_000, demand });
      jest.advanceTimersByTime(45_000);
      expect(out).toEqual(['replicas p1,p2']);
      ready = true;
      jest.advanceTimersByTime(15_000);
      expect(out).toEqual(['replicas p1,p2', 'replicas p1,p2']);
      subscription.unsubscribe();
    });
  });
});
