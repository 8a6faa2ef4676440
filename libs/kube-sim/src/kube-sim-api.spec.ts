import { KubeSim } from './index';
import { knativePodLabels } from './knative';
import { getJson } from './test/http';

describe('KubeSim REST API', () => {
  let sim: KubeSim;
  let helloPods: string[];

  beforeAll(async () => {
    sim = await KubeSim.start({
      scenario: {
        apps: [{ service: 'hello-demo-development', replicas: 3 }],
        pods: [
          { name: 'zz-solo', labels: { app: 'solo' }, containers: [{ name: 'main' }] },
          { name: 'done', phase: 'Succeeded', labels: { app: 'batch' }, containers: [{ name: 'main' }] },
          { name: 'starting', labels: { app: 'slow' }, containers: [{ name: 'main', state: 'waiting', waitingReason: 'ImagePullBackOff' }] },
        ],
        knativeServices: [{ name: 'no-revision-yet' }],
      },
    });
    sim.addPod({ name: 'elsewhere', containers: [{ name: 'main' }] }, 'other');
    helloPods = sim.podNames().filter((n) => n.startsWith('hello-'));
  });

  afterAll(() => sim.close());

  it('expands a Knative app into Deployment-style pod names with Knative labels', () => {
    expect(helloPods).toHaveLength(3);
    for (const name of helloPods) {
      expect(name).toMatch(/^hello-demo-development-00001-deployment-[a-z]{5}-[a-z]{5}$/);
    }
    expect(new Set(helloPods.map((n) => n.split('-').at(-2))).size).toBe(1);
  });

  it('lists pods matching a label selector, sorted by name', async () => {
    const { status, headers, body } = await getJson(
      sim,
      `/api/v1/namespaces/flyte/pods?labelSelector=${encodeURIComponent('serving.knative.dev/service=hello-demo-development')}`,
    );
    expect(status).toBe(200);
    expect(headers['content-type']).toBe('application/json');
    expect(body).toMatchObject({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: expect.stringMatching(/^\d+$/) } });
    expect(body.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual([...helloPods].sort());
    expect(body.items[0].metadata.labels).toEqual(knativePodLabels('hello-demo-development', 'hello-demo-development-00001'));
  });

  it('supports set-based selectors, no selector, and all namespaces', async () => {
    const set = await getJson(sim, `/api/v1/namespaces/flyte/pods?labelSelector=${encodeURIComponent('app in (solo,batch)')}`);
    expect(set.body.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['done', 'zz-solo']);
    const all = await getJson(sim, '/api/v1/namespaces/flyte/pods');
    expect(all.body.items).toHaveLength(6);
    const cluster = await getJson(sim, '/api/v1/pods');
    expect(cluster.body.items.map((p: { metadata: { namespace: string } }) => p.metadata.namespace)).toContain('other');
    expect(cluster.body.items).toHaveLength(7);
  });

  it('rejects a malformed selector with a 400 Status', async () => {
    const { status, body } = await getJson(sim, `/api/v1/namespaces/flyte/pods?labelSelector=${encodeURIComponent('a in x')}`);
    expect(status).toBe(400);
    expect(body).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
  });

  it('gets a running pod in the real Pod shape', async () => {
    const { status, body } = await getJson(sim, '/api/v1/namespaces/flyte/pods/zz-solo');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name: 'zz-solo', namespace: 'flyte', labels: { app: 'solo' } },
      spec: { containers: [{ name: 'main', image: 'example.com/main:latest' }] },
      status: {
        phase: 'Running',
        podIP: expect.stringMatching(/^10\.0\.\d+\.\d+$/),
        containerStatuses: [
          {
            name: 'main',
            ready: true,
            restartCount: 0,
            started: true,
            imageID: '',
            containerID: expect.stringMatching(/^containerd:\/\/[0-9a-f]{64}$/),
            state: { running: { startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) } },
          },
        ],
      },
    });
    expect(body.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives finished pods terminated containers and waiting pods their reason', async () => {
    const done = await getJson(sim, '/api/v1/namespaces/flyte/pods/done');
    expect(done.body.status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    const starting = await getJson(sim, '/api/v1/namespaces/flyte/pods/starting');
    expect(starting.body.status.containerStatuses[0]).toMatchObject({ ready: false, state: { waiting: { reason: 'ImagePullBackOff' } } });
  });

  it('answers a missing pod with a NotFound Status', async () => {
    const { status, headers, body } = await getJson(sim, '/api/v1/namespaces/flyte/pods/nope');
    expect(status).toBe(404);
    expect(headers['content-type']).toBe('application/json');
    expect(body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', kind: 'pods' },
      code: 404,
    });
  });

  it('serves Knative services registered by apps', async () => {
    const { status, body } = await getJson(sim, '/apis/serving.knative.dev/v1/namespaces/flyte/services/hello-demo-development');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: 'hello-demo-development', namespace: 'flyte' },
      status: {
        latestReadyRevisionName: 'hello-demo-development-00001',
        latestCreatedRevisionName: 'hello-demo-development-00001',
        url: expect.stringContaining('hello-demo-development'),
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    });
  });

  it('omits latestReadyRevisionName when a service has none', async () => {
    const { body } = await getJson(sim, '/apis/serving.knative.dev/v1/namespaces/flyte/services/no-revision-yet');
    expect(body.status).not.toHaveProperty('latestReadyRevisionName');
  });

  it('answers a missing Knative service with a NotFound Status', async () => {
    const { status, body } = await getJson(sim, '/apis/serving.knative.dev/v1/namespaces/flyte/services/ghost');
    expect(status).toBe(404);
    expect(body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
      message: 'services.serving.knative.dev "ghost" not found',
      details: { name: 'ghost', group: 'serving.knative.dev', kind: 'services' },
    });
  });

  it('serves legacy discovery documents', async () => {
    expect((await getJson(sim, '/version')).body).toMatchObject({ major: '1', minor: '30', gitVersion: 'v1.30.0-kube-sim' });
    expect((await getJson(sim, '/api')).body).toMatchObject({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: sim.url.replace('https://', '') }],
    });
    expect((await getJson(sim, '/apis')).body.groups[0].preferredVersion.groupVersion).toBe('serving.knative.dev/v1');
    const core = (await getJson(sim, '/api/v1')).body;
    expect(core.resources.map((r: { name: string }) => r.name)).toEqual(['pods', 'pods/log', 'namespaces']);
    expect((await getJson(sim, '/apis/serving.knative.dev/v1')).body.resources[0]).toMatchObject({ name: 'services', kind: 'Service' });
  });

  it('renders a Table when asked for server-side printing', async () => {
    const { body } = await getJson(sim, '/api/v1/namespaces/flyte/pods?labelSelector=app%3Dbatch', {
      Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
    });
    expect(body).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
    expect(body.columnDefinitions.slice(0, 5).map((c: { name: string }) => c.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    expect(body.rows).toHaveLength(1);
    expect(body.rows[0].cells.slice(0, 4)).toEqual(['done', '0/1', 'Completed', '0']);
    expect(body.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'done' } });
  });

  it('refuses watches of anything but pods, and unknown paths, with Status bodies', async () => {
    const watch = await getJson(sim, '/apis/serving.knative.dev/v1/namespaces/flyte/services?watch=true');
    expect(watch.status).toBe(405);
    expect(watch.body).toMatchObject({ kind: 'Status', message: 'kube-sim can only watch pods' });
    const unknown = await getJson(sim, '/api/v1/namespaces/flyte/configmaps');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ kind: 'Status', reason: 'NotFound' });
  });

  it('knows the namespaces it holds objects in, as kubectl checks after a NotFound', async () => {
    expect((await getJson(sim, '/api/v1/namespaces/other')).body).toMatchObject({ kind: 'Namespace', metadata: { name: 'other' } });
    const missing = await getJson(sim, '/api/v1/namespaces/ghost');
    expect([missing.status, missing.body.message]).toEqual([404, 'namespaces "ghost" not found']);
  });
});
