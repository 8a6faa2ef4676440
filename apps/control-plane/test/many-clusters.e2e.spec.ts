import * as grpc from '@grpc/grpc-js';
import type { KubeSim, Scenario } from '@applogs/kube-sim';
import {
  CallReader,
  HealthClient,
  TestPki,
  appLogsClient,
  appRequest,
  internalTlsEnv,
  killDataPlane,
  linesOf,
  outputMatching,
  readToEnd,
  replicaListsOf,
  replicaRequest,
  restartDataPlane,
  scrapePlane,
  seriesValue,
  useStack,
} from '@applogs/testing';

// One control plane in front of two clusters, each a simulated API and a data plane of its own. Both clusters
// run apps of the same names, so only the pod names (random per cluster) in the lines say which one answered.
const SHOP = { org: '', project: 'shop', domain: 'dev' };
const ADS = { org: '', project: 'ads', domain: 'dev' };
const NOBODY = { org: '', project: 'nobody', domain: 'dev' };
const scenario: Scenario = {
  namespace: 'flyte',
  apps: [
    { service: 'hello-shop-dev', replicas: 1, history: 2 },
    { service: 'hello-ads-dev', replicas: 1, history: 2 },
  ],
};
const ROUTES = { east: ['shop/*'], west: ['ads/*'] };
const DATA_PLANE_ENV = { APPLOGS_HEALTH_INTERVAL_MS: '200' };
// Each data plane protected its own way, and the control plane with no internal settings of its own: only the
// routing file's `secret` and `tls` can get a call through.
const EAST_SECRET = 'east-only-secret';
const EAST_ENV = { ...DATA_PLANE_ENV, APPLOGS_INTERNAL_SECRET: EAST_SECRET };
const pki = new TestPki();

const fixture = useStack(
  async () => {
    const ca = await pki.createCa('west-ca');
    const [server, client] = [await pki.issue('west-data-plane', ca), await pki.issue('control-plane', ca)];
    return {
      clusters: [
        { name: 'east', match: ROUTES.east, scenario, dataPlaneEnv: EAST_ENV, routeSecurity: { secret: EAST_SECRET } },
        { name: 'west', match: ROUTES.west, scenario, dataPlaneEnv: internalTlsEnv(server, ca), routeSecurity: { tls: { ...client, ca: ca.cert } } },
      ],
      dataPlaneEnv: DATA_PLANE_ENV,
      controlPlane: true,
      controlPlaneEnv: { APPLOGS_CONTROL_PLANE_METRICS_ADDR: '127.0.0.1:0' },
    };
  },
  () => pki.close(),
);

const sim = (cluster: string): KubeSim => fixture.stack.cluster(cluster).sim;
/** The pod of the app of `app`'s project in `cluster`. */
const podIn = (cluster: string, app: typeof SHOP) => sim(cluster).appPods(`hello-${app.project}-${app.domain}`)[0];
const podsRead = (messages: Parameters<typeof linesOf>[0]) => [...new Set(linesOf(messages).map((line) => line.pod))];

async function readOnce(app: typeof SHOP) {
  return readToEnd(fixture.client.TailLogs(appRequest('hello', { follow: false }, app)));
}

describe('one control plane, two clusters', () => {
  test("each call reaches the cluster whose data plane serves its project: that cluster's pods and lines", async () => {
    const shop = await readOnce(SHOP);
    const ads = await readOnce(ADS);
    expect(shop.status.code).toBe(grpc.status.OK);
    expect(ads.status.code).toBe(grpc.status.OK);
    expect(podsRead(shop.messages)).toEqual([podIn('east', SHOP)]);
    expect(podsRead(ads.messages)).toEqual([podIn('west', ADS)]);
    expect(linesOf(shop.messages).map((line) => line.message)).toEqual([1, 2].map((i) => `${podIn('east', SHOP)}/user-container line ${i}`));
  });

  test("each data plane's own protection: east takes only its secret, west only mutual TLS; the routing file's reach both", async () => {
    for (const [cluster, refused] of [
      ['east', grpc.status.UNAUTHENTICATED],
      ['west', grpc.status.UNAVAILABLE],
    ] as const) {
      const direct = appLogsClient(fixture.stack.cluster(cluster).dataPlaneAddress);
      try {
        const { status } = await readToEnd(direct.TailLogs(appRequest('hello', { follow: false }, cluster === 'east' ? SHOP : ADS)));
        expect([cluster, status.code]).toEqual([cluster, refused]);
      } finally {
        direct.close();
      }
    }
    expect((await readOnce(SHOP)).status.code).toBe(grpc.status.OK);
    expect((await readOnce(ADS)).status.code).toBe(grpc.status.OK);
  });

  test("a replica id goes where its app's project goes", async () => {
    const pod = podIn('west', ADS);
    const { messages, status } = await readToEnd(fixture.client.TailLogs(replicaRequest('hello', pod, { follow: false }, ADS)));
    expect(status.code).toBe(grpc.status.OK);
    expect(replicaListsOf(messages)[0]).toEqual([pod]);
  });

  test('a project and domain no data plane serves is NOT_FOUND, naming them', async () => {
    const { status } = await readOnce(NOBODY);
    expect(status.code).toBe(grpc.status.NOT_FOUND);
    expect(status.details).toBe('no cluster serves nobody/dev');
  });

  test('health is SERVING while both serve; applogs_data_plane_up says so for each; stream metrics name the plane', async () => {
    const health = new HealthClient(fixture.stack.controlPlaneAddress!);
    const watch = health.watch('');
    try {
      await watch.until('SERVING');
    } finally {
      watch.cancel();
      health.close();
    }
    const metrics = await scrapePlane(fixture.stack.controlPlane!);
    expect(seriesValue(metrics, 'applogs_data_plane_up{data_plane="east",plane="control-plane"}')).toBe(1);
    expect(seriesValue(metrics, 'applogs_data_plane_up{data_plane="west",plane="control-plane"}')).toBe(1);
    expect(seriesValue(metrics, 'applogs_streams_total{code="OK",data_plane="east",plane="control-plane"}')).toBeGreaterThan(0);
    expect(seriesValue(metrics, 'applogs_streams_total{code="NOT_FOUND",data_plane="",plane="control-plane"}')).toBeGreaterThan(0);
    expect(fixture.stack.controlPlane!.output).toMatch(/"event":"stream_end","target":\{"project":"ads",[^}]*\},"data_plane":"west"/);
  });

  test('an edit of the routing file takes effect without a restart; a bad edit keeps the last good routing', async () => {
    const controlPlane = fixture.stack.controlPlane!;
    fixture.stack.route({ west: ['shop/*', 'ads/*'], east: ['nobody/*'] });
    await outputMatching(controlPlane, /"event":"data_planes_reloaded","dataPlanes":\["west","east"\]/);
    expect(podsRead((await readOnce(SHOP)).messages)).toEqual([podIn('west', SHOP)]);
    expect(podsRead((await readOnce(NOBODY)).messages)).toEqual([]);
    expect((await readOnce(NOBODY)).status.details).toMatch(/^no replicas found for app nobody\/dev\/hello/);

    fixture.stack.route({ west: ['shop'] });
    await outputMatching(
      controlPlane,
      /"event":"data_planes_reload_failed".*data plane 1 \(west\): match \\"shop\\" is not \\"project\/domain\\".*keeping the routing as it was/,
    );
    expect(podsRead((await readOnce(SHOP)).messages)).toEqual([podIn('west', SHOP)]);

    fixture.stack.route(ROUTES);
    await outputMatching(controlPlane, /"event":"data_planes_reloaded","dataPlanes":\["east","west"\]/);
    expect(podsRead((await readOnce(SHOP)).messages)).toEqual([podIn('east', SHOP)]);
  });

  test("one cluster's data plane killed while both stream: its caller gets UNAVAILABLE naming it, the other streams on", async () => {
    const east = fixture.stack.cluster('east');
    const health = new HealthClient(fixture.stack.controlPlaneAddress!);
    const watch = health.watch('');
    const shop = new CallReader(fixture.client.TailLogs(appRequest('hello', {}, SHOP)));
    const ads = new CallReader(fixture.client.TailLogs(appRequest('hello', {}, ADS)));
    try {
      await Promise.all([shop, ads].map((reader) => reader.until((messages) => linesOf(messages).length === 2)));
      await watch.until('SERVING');

      await killDataPlane(east);
      const { status } = await shop.ended;
      expect(status.code).toBe(grpc.status.UNAVAILABLE);
      expect(status.details).toContain(`the data plane east at ${east.dataPlaneAddress} is unavailable`);

      // Lines written after the kill still reach the other caller.
      const pod = podIn('west', ADS);
      sim('west').appendLines(pod, 'user-container', ['after the kill 1', 'after the kill 2']);
      await ads.until((messages) => linesOf(messages).some((line) => line.message === 'after the kill 2'));
      expect(linesOf(ads.messages).map((line) => line.message)).toEqual([
        ...[1, 2].map((i) => `${pod}/user-container line ${i}`),
        'after the kill 1',
        'after the kill 2',
      ]);

      await watch.until('NOT_SERVING');
      const metrics = await scrapePlane(fixture.stack.controlPlane!);
      expect(seriesValue(metrics, 'applogs_data_plane_up{data_plane="east",plane="control-plane"}')).toBe(0);
      expect(seriesValue(metrics, 'applogs_data_plane_up{data_plane="west",plane="control-plane"}')).toBe(1);
      expect((await readOnce(ADS)).status.code).toBe(grpc.status.OK);

      await restartDataPlane(east, EAST_ENV);
      await watch.until('SERVING');
    } finally {
      ads.call.cancel();
      watch.cancel();
      health.close();
    }
    await outputMatching(fixture.stack.controlPlane!, /the data plane east at 127\.0\.0\.1:\d+ cannot serve \(UNAVAILABLE: .*\): reporting NOT_SERVING/);
  });
});
