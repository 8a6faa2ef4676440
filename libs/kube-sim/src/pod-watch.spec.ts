import { KubeSim } from './index';
import { getJson, getText, postJson } from './test/http';
import { WatchReader } from './test/watch-reader';

const HELLO = 'serving.knative.dev/service=hello-demo-development';

describe('pod watch', () => {
  let sim: KubeSim;
  let hello: string[];
  const watchPath = (query: string): string => `/api/v1/namespaces/flyte/pods?watch=true&${query}`;
  const helloWatch = (query = ''): string => watchPath(`labelSelector=${encodeURIComponent(HELLO)}${query ? `&${query}` : ''}`);
  const listRv = async (): Promise<string> => (await getJson(sim, '/api/v1/namespaces/flyte/pods')).body.metadata.resourceVersion;

  beforeEach(async () => {
    sim = await KubeSim.start({
      scenario: {
        apps: [{ service: 'hello-demo-development', replicas: 2 }],
        pods: [{ name: 'solo', labels: { app: 'solo' }, containers: [{ name: 'main' }] }],
      },
      watchBookmarkIntervalMs: 20,
    });
    hello = sim.appPods('hello-demo-development');
  });

  afterEach(() => sim.close());

  it('starts with ADDED for every matching pod when no resourceVersion is given, as chunked JSON', async () => {
    for (const query of ['', 'resourceVersion=0']) {
      const watch = await WatchReader.open(sim, helloWatch(query));
      await watch.waitForEvents(2);
      expect(watch.status).toBe(200);
      expect(watch.stream.res.headers['content-type']).toBe('application/json');
      expect(watch.stream.res.headers['transfer-encoding']).toBe('chunked');
      expect(watch.summary()).toEqual([...hello].sort().map((n) => `ADDED ${n}`));
      expect(watch.events()[0].object).toMatchObject({ kind: 'Pod', apiVersion: 'v1', status: { phase: 'Running' } });
      watch.destroy();
    }
  });

  it('replays what happened after a resourceVersion, then streams live events', async () => {
    const rv = await listRv();
    const added = sim.scaleApp('hello-demo-development', 3);
    sim.deletePod(hello[0]);
    const watch = await WatchReader.open(sim, helloWatch(`resourceVersion=${rv}`));
    await watch.waitForEvents(2);
    expect(watch.summary()).toEqual([`ADDED ${added[0]}`, `DELETED ${hello[0]}`]);
    sim.deletePod(hello[1]);
    await watch.waitForEvents(3);
    expect(watch.summary()[2]).toBe(`DELETED ${hello[1]}`);
    const rvs = watch.events().map((e) => Number(e.object.metadata.resourceVersion));
    expect(rvs[0]).toBeGreaterThan(Number(rv));
    expect([...rvs].sort((a, b) => a - b)).toEqual(rvs);
    expect(new Set(rvs).size).toBe(3);
    watch.destroy();
  });

  it('filters by label selector and turns label changes into ADDED and DELETED for that selector', async () => {
    const watch = await WatchReader.open(sim, watchPath(`labelSelector=app%3Dsolo&resourceVersion=${await listRv()}`));
    await sim.waitForOpenWatches(1);
    sim.scaleApp('hello-demo-development', 3);
    sim.labelPod('solo', { tier: 'backend' });
    sim.labelPod('solo', { app: 'moved' });
    sim.labelPod('solo', { app: 'solo' });
    await watch.waitForEvents(3);
    expect(watch.summary()).toEqual(['MODIFIED solo', 'DELETED solo', 'ADDED solo']);
    expect(watch.events()[1].object.metadata.labels).toMatchObject({ app: 'moved', tier: 'backend' });
    watch.destroy();
  });

  it('sends ADDED on scale up and DELETED on scale down and delete, newest pods removed first', async () => {
    const watch = await WatchReader.open(sim, helloWatch());
    await watch.waitForEvents(2);
    const up = sim.scaleApp('hello-demo-development', 4);
    expect(up).toHaveLength(2);
    for (const name of up) expect(name).toMatch(new RegExp(`^${hello[0].split('-').slice(0, -1).join('-')}-[a-z]{5}$`));
    expect(sim.scaleApp('hello-demo-development', 4)).toEqual([]);
    const down = sim.scaleApp('hello-demo-development', 1);
    expect(down).toEqual([up[1], up[0], hello[1]]);
    sim.deletePod(hello[0]);
    await watch.waitForEvents(8);
    expect(watch.summary().slice(2)).toEqual([...up.map((n) => `ADDED ${n}`), ...down.map((n) => `DELETED ${n}`), `DELETED ${hello[0]}`]);
    expect(sim.appPods('hello-demo-development')).toEqual([]);
  });

  it('answers a resourceVersion older than the history with one 410 Expired ERROR event and ends', async () => {
    const rv = await listRv();
    sim.deletePod('solo');
    sim.expireWatchHistory();
    const now = sim.resourceVersion();
    const watch = await WatchReader.open(sim, helloWatch(`resourceVersion=${rv}`));
    await expect(watch.finished).resolves.toBe('end');
    expect(watch.status).toBe(200);
    expect(watch.events()).toEqual([
      {
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `too old resource version: ${rv} (${now})`,
          reason: 'Expired',
          code: 410,
        },
      },
    ]);
    // The current resourceVersion, as a fresh list returns it, can still be watched from.
    const fresh = await WatchReader.open(sim, helloWatch(`resourceVersion=${now}`));
    sim.scaleApp('hello-demo-development', 3);
    await fresh.waitForEvents(1);
    expect(fresh.events()[0].type).toBe('ADDED');
    fresh.destroy();
  });

  it('ends the watch cleanly after timeoutSeconds', async () => {
    const started = Date.now();
    const watch = await WatchReader.open(sim, helloWatch('timeoutSeconds=1'));
    await expect(watch.finished).resolves.toBe('end');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(watch.summary()).toHaveLength(2);
    await sim.waitForOpenWatches(0);
  });

  it('counts open watches apart from log streams, down to 0 when clients leave', async () => {
    const watches = await Promise.all([WatchReader.open(sim, helloWatch()), WatchReader.open(sim, watchPath(''))]);
    await sim.waitForOpenWatches(2);
    expect(sim.openLogStreams()).toBe(0);
    expect((await getJson(sim, '/kube-sim/stats')).body).toMatchObject({ openWatches: 2, openLogStreams: 0 });
    watches[0].destroy();
    await sim.waitForOpenWatches(1);
    watches[1].destroy();
    await sim.waitForOpenWatches(0);
  });

  it('sends bookmarks when allowed, and the watch-list initial-events-end bookmark', async () => {
    const watch = await WatchReader.open(sim, helloWatch('allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan'));
    await watch.waitForEvents(4);
    const [a, b, initialEnd, periodic] = watch.events();
    expect([a.type, b.type]).toEqual(['ADDED', 'ADDED']);
    expect(initialEnd).toEqual({
      type: 'BOOKMARK',
      object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: sim.resourceVersion(), annotations: { 'k8s.io/initial-events-end': 'true' } } },
    });
    expect(periodic).toEqual({ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: sim.resourceVersion() } } });
    watch.destroy();
  });

  it('watches all namespaces, and the legacy /watch/ path', async () => {
    sim.addPod({ name: 'elsewhere', containers: [{ name: 'main' }] }, 'other');
    const all = await WatchReader.open(sim, '/api/v1/pods?watch=1');
    await all.waitForEvents(4);
    expect(all.summary()).toContain('ADDED elsewhere');
    const legacy = await WatchReader.open(sim, '/api/v1/watch/namespaces/other/pods');
    await legacy.waitForEvents(1);
    expect(legacy.summary()).toEqual(['ADDED elsewhere']);
    all.destroy();
    legacy.destroy();
  });

  it('sends one-row Tables when asked for server-side printing, as kubectl get -w does', async () => {
    const watch = await WatchReader.open(sim, helloWatch(), { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
    await watch.waitForEvents(2);
    const { object } = watch.events()[0];
    expect(object).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
    expect(object.rows).toHaveLength(1);
    expect(object.rows[0].cells.slice(0, 3)).toEqual([[...hello].sort()[0], '2/2', 'Running']);
    watch.destroy();
  });

  it('shows a pending replica unscheduled, then running once started', async () => {
    const watch = await WatchReader.open(sim, helloWatch(`resourceVersion=${await listRv()}`));
    const [name] = sim.scaleApp('hello-demo-development', 3, undefined, { pending: true });
    sim.startPod(name);
    await watch.waitForEvents(2);
    const [added, started] = watch.events();
    expect(added.type).toBe('ADDED');
    expect(added.object.spec.nodeName).toBeUndefined();
    expect(added.object.status).toMatchObject({ phase: 'Pending' });
    expect(added.object.status.containerStatuses[0]).toMatchObject({ ready: false, state: { waiting: { reason: 'ContainerCreating' } } });
    expect(started.type).toBe('MODIFIED');
    expect(started.object.spec.nodeName).toBe('kube-sim-node');
    expect(started.object.status.phase).toBe('Running');
    expect(started.object.status.containerStatuses[0]).toMatchObject({ ready: true, state: { running: {} } });
    watch.destroy();
  });

  it('endWatchesAtOnce: the next N watches answer 200 with no event and end; every request is recorded with its time', async () => {
    sim.endWatchesAtOnce(2);
    for (let i = 0; i < 2; i++) {
      const cut = await WatchReader.open(sim, helloWatch('resourceVersion=0'));
      await expect(cut.finished).resolves.toBe('end');
      expect([cut.status, cut.events()]).toEqual([200, []]);
    }
    const real = await WatchReader.open(sim, helloWatch());
    await real.waitForEvents(2);
    real.destroy();
    expect(sim.watchRequests.map((r) => [r.namespace, r.query.labelSelector])).toEqual(Array(3).fill(['flyte', HELLO]));
    const times = sim.watchRequests.map((r) => r.atMs);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('endWatchesAtOnce() without a count ends every watch until cleared with 0, also as a control action', async () => {
    expect((await postJson(sim, '/kube-sim/control', { action: 'endWatchesAtOnce' })).body).toEqual({ ok: true });
    for (let i = 0; i < 3; i++) await expect((await WatchReader.open(sim, helloWatch())).finished).resolves.toBe('end');
    await postJson(sim, '/kube-sim/control', { action: 'endWatchesAtOnce', count: 0 });
    const real = await WatchReader.open(sim, helloWatch());
    await real.waitForEvents(2);
    real.destroy();
    await sim.waitForWatchRequests(4);
    expect((await postJson(sim, '/kube-sim/control', { action: 'endWatchesAtOnce', count: -1 })).body.message).toMatch(/non-negative/);
  });

  it('rejects a malformed resourceVersion or selector with a 400 Status', async () => {
    const rv = await getText(sim, helloWatch('resourceVersion=abc'));
    expect([rv.status, JSON.parse(rv.text).message]).toEqual([400, 'invalid resource version "abc"']);
    const selector = await getText(sim, watchPath(`labelSelector=${encodeURIComponent('a in x')}`));
    expect(selector.status).toBe(400);
    expect(sim.openWatches()).toBe(0);
  });
});
