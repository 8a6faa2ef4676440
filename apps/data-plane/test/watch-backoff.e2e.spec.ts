import type { TailLogsResponse } from '@applogs/proto';
import { CallReader, appRequest, linesOf, replicaEventsOf, useStack } from '@applogs/testing';

const service = 'flaky-demo-development';
const fixture = useStack({ scenario: { namespace: 'flyte', apps: [{ service, replicas: 1, history: 3 }] } });

const lines = (messages: TailLogsResponse[]) => linesOf(messages).map((l) => l.message);
const joined = (messages: TailLogsResponse[]) =>
  replicaEventsOf(messages)
    .filter((event) => event.kind === 'JOINED')
    .map((event) => event.pod);

describe('the pod watch backs off from an API server that answers and hangs up at once', () => {
  test('a handful of watch requests at growing intervals, lines meanwhile, and recovery once the watches hold', async () => {
    const { sim } = fixture.stack;
    const [pod] = sim.appPods(service);
    // A client that watches again at once after every clean end makes over a thousand requests a second here.
    sim.endWatchesAtOnce(3);
    const reader = new CallReader(fixture.client.TailLogs(appRequest('flaky')));
    await reader.until((m) => lines(m).length === 3);

    await sim.waitForWatchRequests(2);
    sim.appendLines(pod, 'user-container', ['while the watch fails']);
    await reader.until((m) => lines(m).includes('while the watch fails'));

    // The fourth watch is a real one: it stays open, and a scale-up reaches the call through it.
    await sim.waitForWatchRequests(4);
    await sim.waitForOpenWatches(1);
    const [added] = sim.scaleApp(service, 2);
    await reader.until((m) => joined(m).includes(added));
    reader.call.cancel();

    expect(sim.watchRequests).toHaveLength(4);
    const times = sim.watchRequests.map((r) => r.atMs);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    // The first delay is 400-800 ms (800 ms jittered down to half), and each one doubles.
    expect(gaps[0]).toBeGreaterThanOrEqual(350);
    expect(gaps[1]).toBeGreaterThan(gaps[0]);
    expect(gaps[2]).toBeGreaterThan(gaps[1]);
    // Every watch resumed from where the list ended: no change was missed, none listed again.
    expect(new Set(sim.watchRequests.map((r) => r.query.resourceVersion)).size).toBe(1);
    sim.scaleApp(service, 1);
  });
});
