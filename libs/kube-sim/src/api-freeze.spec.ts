import { get, type ClientRequest } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { KubeSim } from './index';
import { getJson, openStream, postJson } from './test/http';
import { WatchReader } from './test/watch-reader';

describe('a frozen API server (freezeApi / thawApi)', () => {
  let sim: KubeSim;
  const logUrl = (query: string): string => `${sim.url}/api/v1/namespaces/flyte/pods/web/log?${query}`;

  beforeEach(async () => {
    sim = await KubeSim.start({ scenario: { pods: [{ name: 'web', labels: { app: 'web' }, containers: [{ name: 'main', history: 2 }] }] } });
  });

  afterEach(() => sim.close());

  it('holds open streams, watches and new requests (no headers) until thawed, then delivers everything once', async () => {
    const stream = await openStream(logUrl('follow=true'));
    await stream.waitFor((s) => s.lines().length === 2);
    const watch = await WatchReader.open(`${sim.url}/api/v1/namespaces/flyte/pods?watch=true&labelSelector=app%3Dweb`);
    await watch.waitForEvents(1);

    expect((await postJson(`${sim.url}/kube-sim/control`, { action: 'freezeApi' })).body).toEqual({ ok: true });
    sim.appendLines('web', 'main', ['while frozen']);
    sim.labelPod('web', { tier: 'front' });
    let answered = false;
    const late = getJson(`${sim.url}/api/v1/namespaces/flyte/pods/web`).then((res) => {
      answered = true;
      return res;
    });
    // The sim's own endpoints still answer while the API is frozen.
    expect((await getJson(`${sim.url}/kube-sim/stats`)).body).toMatchObject({ openLogStreams: 1, openWatches: 1 });
    // Proving that nothing arrives needs some time to pass.
    await delay(200);
    expect([stream.lines().length, watch.events().length, answered]).toEqual([2, 1, false]);

    sim.thawApi();
    await stream.waitFor((s) => s.lines().length === 3);
    expect(stream.lines()[2]).toBe('while frozen');
    await watch.waitForEvents(2);
    expect(watch.summary()).toEqual(['ADDED web', 'MODIFIED web']);
    expect((await late).body.metadata.labels).toMatchObject({ tier: 'front' });
    stream.destroy();
    watch.destroy();
  });

  it('forgets a request whose client gave up while frozen', async () => {
    sim.freezeApi();
    const request: ClientRequest = get(logUrl('follow=true'));
    request.on('error', () => undefined);
    // Nothing answers while frozen, so there is no event to await: give the request time to arrive.
    await delay(50);
    request.destroy();
    await new Promise((resolve) => request.once('close', resolve));
    sim.thawApi();
    expect(sim.logRequests).toHaveLength(0);
    expect(sim.openLogStreams()).toBe(0);
  });
});
