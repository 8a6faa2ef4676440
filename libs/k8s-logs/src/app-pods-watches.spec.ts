import { create, IdentifierSchema } from '@applogs/proto';
import { firstValueFrom } from 'rxjs';
import type { AppPodsState } from './app-pods-watch';
import { AppPodsWatches } from './app-pods-watches';
import { ReplicaResolver } from './replica-resolver';
import { FakePodDirectory, pod } from './test/fake-pod-directory';
import { until } from './test/until';

const appId = (name: string) => create(IdentifierSchema, { org: '', project: 'demo', domain: 'development', name });
const labels = (name: string) => ({ 'serving.knative.dev/service': `${name}-demo-development`, 'serving.knative.dev/revision': 'r1' });
const backoff = { initialDelayMs: 1, maxDelayMs: 2 };

const names = (state: AppPodsState | undefined) => [...(state?.pods.keys() ?? [])].sort().join(',');

function setUp(pods = [pod('h1', labels('hello')), pod('h2', labels('hello')), pod('w1', labels('worker'))]) {
  const directory = new FakePodDirectory(pods, 'r1');
  const watches = new AppPodsWatches(directory, new ReplicaResolver(directory, 'flyte'), backoff);
  return { directory, watches };
}

describe('AppPodsWatches', () => {
  test('every subscriber of one app shares one list and one watch; another app has its own', async () => {
    const { directory, watches } = setUp();
    const seen: AppPodsState[][] = [[], [], []];
    const subscriptions = [appId('hello'), appId('hello'), appId('worker')].map((id, i) => watches.states(id).subscribe((state) => seen[i].push(state)));
    await until(() => directory.watches.length === 2);
    expect(directory.selectors.sort()).toEqual(['serving.knative.dev/service=hello-demo-development', 'serving.knative.dev/service=worker-demo-development']);
    expect(seen.map((states) => states.map(names))).toEqual([['h1,h2'], ['h1,h2'], ['w1']]);
    expect(watches.size).toBe(2);

    directory.emit('ADDED', pod('h3', labels('hello')));
    await until(() => seen[1].length === 2);
    expect(seen.map((states) => names(states.at(-1)))).toEqual(['h1,h2,h3', 'h1,h2,h3', 'w1']);
    subscriptions.forEach((subscription) => subscription.unsubscribe());
  });

  test('a late subscriber gets the current pods at once, without a list of its own', async () => {
    const { directory, watches } = setUp();
    const first = watches.states(appId('hello')).subscribe();
    await until(() => directory.watches.length === 1);
    directory.emit('DELETED', pod('h1', labels('hello')));
    const late: AppPodsState[] = [];
    const second = watches.states(appId('hello')).subscribe((state) => late.push(state));
    expect(late.map(names)).toEqual(['h2']);
    expect(directory.selectors).toHaveLength(1);
    expect(directory.watches).toHaveLength(1);
    first.unsubscribe();
    second.unsubscribe();
  });

  test('the last subscriber to leave stops the watch; the next one starts afresh', async () => {
    const { directory, watches } = setUp();
    const one = watches.states(appId('hello')).subscribe();
    const two = watches.states(appId('hello')).subscribe();
    await until(() => directory.watches.length === 1);
    one.unsubscribe();
    expect(directory.watches[0].stopped).toBe(false);
    two.unsubscribe();
    expect(directory.watches[0].stopped).toBe(true);
    expect(watches.size).toBe(0);

    directory.emit('ADDED', pod('h3', labels('hello')));
    expect(names(await firstValueFrom(watches.states(appId('hello'))))).toBe('h1,h2,h3');
    expect(directory.selectors).toHaveLength(2);
  });

  test('a subscriber that leaves on the first state starts no watch', async () => {
    const { directory, watches } = setUp();
    await firstValueFrom(watches.states(appId('hello')));
    await new Promise((resolve) => setImmediate(resolve));
    expect(directory.watches).toHaveLength(0);
    expect(watches.size).toBe(0);
  });

  test('a first list that fails reaches every subscriber and stops the watch; the next subscriber lists again', async () => {
    const { directory, watches } = setUp();
    const listPods = directory.listPods.bind(directory);
    directory.listPods = () => Promise.reject(new Error('the API server is down'));
    const errors: string[] = [];
    for (let i = 0; i < 2; i++) watches.states(appId('hello')).subscribe({ error: (error: Error) => errors.push(error.message) });
    await until(() => errors.length === 2);
    expect(errors).toEqual(['the API server is down', 'the API server is down']);
    expect(watches.size).toBe(0);
    expect(directory.watches).toHaveLength(0);

    directory.listPods = listPods;
    const subscription = watches.states(appId('hello')).subscribe();
    await until(() => directory.watches.length === 1);
    expect(watches.size).toBe(1);
    subscription.unsubscribe();
    expect(watches.size).toBe(0);
  });

  test('settle lists once for every call that asks at the same time, and publishes to all', async () => {
    const { directory, watches } = setUp();
    const seen: string[] = [];
    const subscription = watches.states(appId('hello')).subscribe((state) => seen.push(names(state)));
    await until(() => directory.watches.length === 1);
    directory.pods = directory.pods.filter((p) => p.metadata?.name !== 'h1');
    await Promise.all([watches.settle(appId('hello')), watches.settle(appId('hello'))]);
    expect(directory.selectors).toHaveLength(2);
    expect(seen).toEqual(['h1,h2', 'h2']);
    subscription.unsubscribe();
    await expect(watches.settle(appId('hello'))).resolves.toBeUndefined();
  });
});
