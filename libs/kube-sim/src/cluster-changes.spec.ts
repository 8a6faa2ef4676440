import { join } from 'node:path';
import { KubeSim } from './index';
import { loadScenarioFile } from './scenario';
import { getJson, getText, openStream, postJson } from './test/http';
import { WatchReader } from './test/watch-reader';

const SERVICE = 'hello-demo-development';
const SELECTOR = encodeURIComponent(`serving.knative.dev/service=${SERVICE}`);

describe('rollouts, the control endpoint and scenario timelines', () => {
  let sim: KubeSim;
  const helloWatch = (rv: string): string => `/api/v1/namespaces/flyte/pods?watch=true&labelSelector=${SELECTOR}&resourceVersion=${rv}`;

  afterEach(() => sim?.close());

  it('rollout starts a new revision, points the Knative service at it and deletes the old pods', async () => {
    sim = await KubeSim.start({ scenario: { apps: [{ service: SERVICE, replicas: 2, history: 1 }] } });
    const old = sim.appPods(SERVICE);
    const watch = await WatchReader.open(sim, helloWatch(sim.resourceVersion()));
    const oldStream = await openStream(sim, `/api/v1/namespaces/flyte/pods/${old[0]}/log?container=user-container&follow=true`);
    await oldStream.waitFor((s) => s.lines().length === 1);

    const result = sim.rollout(SERVICE);
    expect(result.revision).toBe(`${SERVICE}-00002`);
    expect(result.removed).toEqual(old);
    expect(result.added).toHaveLength(2);
    for (const name of result.added) expect(name).toMatch(new RegExp(`^${SERVICE}-00002-deployment-[a-z]{5}-[a-z]{5}$`));
    expect(sim.appPods(SERVICE)).toEqual(result.added);

    await watch.waitForEvents(4);
    expect(watch.summary()).toEqual([...result.added.map((n) => `ADDED ${n}`), ...old.map((n) => `DELETED ${n}`)]);
    expect(watch.events()[0].object.metadata.labels).toMatchObject({ 'serving.knative.dev/revision': `${SERVICE}-00002`, app: `${SERVICE}-00002` });
    await expect(oldStream.finished).resolves.toBe('end');

    const svc = (await getJson(sim, `/apis/serving.knative.dev/v1/namespaces/flyte/services/${SERVICE}`)).body;
    expect(svc.status).toMatchObject({ latestReadyRevisionName: `${SERVICE}-00002`, latestCreatedRevisionName: `${SERVICE}-00002` });
    expect(sim.rollout(SERVICE).revision).toBe(`${SERVICE}-00003`);
    watch.destroy();
  });

  it('runs control actions posted to /kube-sim/control', async () => {
    sim = await KubeSim.start({ scenario: { apps: [{ service: SERVICE, replicas: 1 }] } });
    const [first] = sim.appPods(SERVICE);
    const control = (body: unknown) => postJson(sim, '/kube-sim/control', body);

    const scaled = await control({ action: 'scaleApp', service: SERVICE, replicas: 2, pending: true });
    expect(scaled.status).toBe(200);
    expect(scaled.body).toEqual({ ok: true, added: [expect.any(String)], removed: [] });
    const [added] = scaled.body.added as string[];
    expect((await getText(sim, `/api/v1/namespaces/flyte/pods/${added}/log?container=user-container`)).status).toBe(204);
    expect((await control({ action: 'startPod', pod: added })).body).toEqual({ ok: true, pod: added });

    const restarted = await control({ action: 'restartContainer', service: SERVICE, replica: 0, container: 'user-container' });
    expect(restarted.body).toEqual({ ok: true, pod: first });
    expect((await getJson(sim, `/api/v1/namespaces/flyte/pods/${first}`)).body.status.containerStatuses[0]).toMatchObject({
      restartCount: 1,
      lastState: { terminated: { exitCode: 1, reason: 'Error' } },
    });
    const oom = { action: 'restartContainer', pod: first, container: 'user-container', exitCode: 137, reason: 'OOMKilled', signal: 9 };
    expect((await control(oom)).body).toEqual({ ok: true, pod: first });
    expect((await getJson(sim, `/api/v1/namespaces/flyte/pods/${first}`)).body.status.containerStatuses[0]).toMatchObject({
      restartCount: 2,
      lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', signal: 9 } },
    });
    expect((await control({ action: 'restartContainer', pod: first, container: 'user-container', exitCode: 137 })).body).toEqual({
      ok: false,
      message: '"exitCode" and "reason" go together, e.g. 137 and "OOMKilled"',
    });

    expect((await control({ action: 'failLogRequests', pod: first, status: 503, count: 1 })).body).toEqual({ ok: true, pod: first });
    expect((await getText(sim, `/api/v1/namespaces/flyte/pods/${first}/log?container=user-container`)).status).toBe(503);
    expect((await control({ action: 'rollout', service: SERVICE })).body).toMatchObject({ ok: true, revision: `${SERVICE}-00002` });

    const unknown = await control({ action: 'explode' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ ok: false, message: expect.stringMatching(/^unknown action "explode"; one of: .*scaleApp/) });
    const newest = sim.appPods(SERVICE).at(-1);
    expect((await control({ action: 'scaleApp', service: SERVICE, replicas: 1 })).body).toEqual({ ok: true, added: [], removed: [newest] });
    expect((await control({ action: 'scaleApp', service: SERVICE })).body).toEqual({ ok: false, message: '"replicas" must be an integer' });
    expect((await control({ action: 'deletePod', pod: 'ghost' })).body).toEqual({ ok: false, message: 'pods "ghost" not found in namespace flyte' });
    expect((await control('{not json')).status).toBe(400);
  });

  it('runs a scenario timeline in atMs order, ties in file order', async () => {
    sim = await KubeSim.start({
      scenario: {
        apps: [{ service: SERVICE, replicas: 2 }],
        timeline: [
          { atMs: 60, action: 'scaleApp', service: SERVICE, replicas: 3 },
          // Same time as the scale-up and after it in the file: replica 2 is the pod it just added.
          { atMs: 60, action: 'restartContainer', service: SERVICE, replica: 2, container: 'user-container' },
          { atMs: 90, action: 'scaleApp', service: SERVICE, replicas: 1 },
          { atMs: 30, action: 'labelPod', service: SERVICE, replica: 0, labels: { step: 'first' } },
        ],
      },
    });
    const [a, b] = sim.appPods(SERVICE);
    // From the very first resourceVersion: steps that ran before the watch opened are replayed.
    const watch = await WatchReader.open(sim, helloWatch('1'));
    await watch.waitForEvents(7);
    const c = watch.events()[3].object.metadata.name;
    expect(watch.summary()).toEqual([`ADDED ${a}`, `ADDED ${b}`, `MODIFIED ${a}`, `ADDED ${c}`, `MODIFIED ${c}`, `DELETED ${c}`, `DELETED ${b}`]);
    expect(watch.events()[2].object.metadata.labels.step).toBe('first');
    expect(watch.events()[4].object.status.containerStatuses[0].restartCount).toBe(1);
    watch.destroy();
  });

  it('refuses a timeline with an unknown action at start', async () => {
    await expect(KubeSim.start({ scenario: { timeline: [{ atMs: 0, action: 'explode' }] } })).rejects.toThrow('timeline[0]: unknown action "explode"');
  });

  it('loads the demo scenario with its timeline', async () => {
    const scenario = loadScenarioFile(join(__dirname, '..', 'scenarios', 'demo.json'));
    expect(scenario.timeline?.map((s) => [s.atMs, s.action])).toEqual([
      [30_000, 'scaleApp'],
      [60_000, 'restartContainer'],
      [90_000, 'scaleApp'],
    ]);
    sim = await KubeSim.start({ scenario });
    expect(sim.appPods(SERVICE)).toHaveLength(3);
  });
});
