import * as grpc from '@grpc/grpc-js';
import type { Scenario } from '@applogs/kube-sim';
import { APP_LOGS_SERVICE_NAME, INTERNAL_SECRET_METADATA } from '@applogs/service-kit';
import {
  DATA_PLANE_MAIN,
  HealthClient,
  ServiceProcess,
  Stack,
  appLogsClient,
  appRequest,
  freePort,
  internalTlsEnv,
  readToEnd,
  replicaListsOf,
  tlsCredentials,
  usePkiStack,
  useStack,
} from '@applogs/testing';

const scenario: Scenario = { namespace: 'flyte', apps: [{ service: 'hello-demo-development', replicas: 1, history: 3 }] };
const request = appRequest('hello', { follow: false });
const SECRET = 'local-stack-secret';

const withSecret =
  (secret: string): grpc.Interceptor =>
  (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start: (metadata, listener, next) => {
        metadata.set(INTERNAL_SECRET_METADATA, secret);
        next(metadata, listener);
      },
    });

describe('shared internal secret', () => {
  const fixture = useStack({
    scenario,
    controlPlane: true,
    dataPlaneEnv: { APPLOGS_INTERNAL_SECRET: SECRET },
    controlPlaneEnv: { APPLOGS_INTERNAL_SECRET: SECRET },
  });

  test.each([
    ['without the secret', []],
    ['with a wrong secret', [withSecret('not-the-secret')]],
  ])('a direct call to the data plane %s is UNAUTHENTICATED', async (_name, interceptors) => {
    const client = appLogsClient(fixture.stack.dataPlaneAddress, { interceptors });
    const { messages, status } = await readToEnd(client.TailLogs(request));
    client.close();
    expect(messages).toEqual([]);
    expect(status.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(status.details).toBe('this data plane only serves the control plane: missing or wrong internal secret');
  });

  test('the data plane health service answers without the secret (the kubelet probes it), and says no more', async () => {
    const health = new HealthClient(fixture.stack.dataPlaneAddress);
    expect(await health.check()).toBe('SERVING');
    health.close();
  });

  test('a direct call with the secret, and a call through the control plane (which has it), are served', async () => {
    const direct = appLogsClient(fixture.stack.dataPlaneAddress, { interceptors: [withSecret(SECRET)] });
    expect((await readToEnd(direct.TailLogs(request))).status.code).toBe(grpc.status.OK);
    direct.close();
    const { messages, status } = await readToEnd(fixture.client.TailLogs(request));
    expect(status.code).toBe(grpc.status.OK);
    expect(messages[0].resp.case).toBe('replicas');
    expect(replicaListsOf(messages)[0]).toHaveLength(1);
  });

  test('the control plane follows the data plane health with the secret: SERVING', async () => {
    const health = new HealthClient(fixture.stack.controlPlaneAddress!);
    const watch = health.watch(APP_LOGS_SERVICE_NAME);
    await watch.until('SERVING');
    watch.cancel();
    health.close();
  });
});

describe('mutual TLS between the planes', () => {
  const fixture = usePkiStack({ scenario, controlPlane: true }, async (pki, ca) => ({
    dataPlaneEnv: internalTlsEnv(await pki.issue('data-plane', ca), ca),
    controlPlaneEnv: internalTlsEnv(await pki.issue('control-plane', ca), ca),
  }));

  test.each([
    ['plaintext', () => grpc.credentials.createInsecure()],
    ['TLS without a client certificate', () => tlsCredentials(fixture.ca.cert)],
  ])('a direct %s call to the data plane fails in the handshake (UNAVAILABLE)', async (_name, credentials) => {
    const client = appLogsClient(fixture.stack.dataPlaneAddress, { credentials: credentials() });
    const { messages, status } = await readToEnd(client.TailLogs(request, undefined, { deadline: Date.now() + 10_000 }));
    client.close();
    expect(messages).toEqual([]);
    expect(status.code).toBe(grpc.status.UNAVAILABLE);
  });

  test('a client certificate signed by another CA is refused', async () => {
    const other = await fixture.pki.createCa('other-ca');
    const stranger = await fixture.pki.issue('stranger', other);
    const client = appLogsClient(fixture.stack.dataPlaneAddress, { credentials: tlsCredentials(fixture.ca.cert, stranger) });
    const { status } = await readToEnd(client.TailLogs(request, undefined, { deadline: Date.now() + 10_000 }));
    client.close();
    expect(status.code).toBe(grpc.status.UNAVAILABLE);
  });

  test('the control plane, with its certificate, is served', async () => {
    const { messages, status } = await readToEnd(fixture.client.TailLogs(request));
    expect(status.code).toBe(grpc.status.OK);
    expect(messages[0].resp.case).toBe('replicas');
    expect(replicaListsOf(messages)[0]).toHaveLength(1);
    const health = new HealthClient(fixture.stack.controlPlaneAddress!);
    const watch = health.watch(APP_LOGS_SERVICE_NAME);
    await watch.until('SERVING');
    watch.cancel();
    health.close();
  });
});

describe('a data plane reachable from other machines', () => {
  test('refuses to start without a secret or mutual TLS, naming the variables to set', async () => {
    const { code, output } = await ServiceProcess.run(DATA_PLANE_MAIN, {
      APPLOGS_DATA_PLANE_ADDR: `0.0.0.0:${await freePort()}`,
      APPLOGS_DATA_PLANE_METRICS_ADDR: '',
    });
    expect(code).toBe(2);
    expect(output).toContain('APPLOGS_INTERNAL_SECRET');
    expect(output).toMatch(/APPLOGS_INTERNAL_TLS_CERT, APPLOGS_INTERNAL_TLS_KEY, APPLOGS_INTERNAL_TLS_CA/);
  });

  test('a plaintext data plane on loopback warns at start', async () => {
    const stack = await Stack.start({ scenario });
    expect(stack.dataPlane.output).toMatch(/plaintext without a secret/);
    await stack.close();
  });

  test('half of the TLS settings is a configuration error', async () => {
    const { code, output } = await ServiceProcess.run(DATA_PLANE_MAIN, {
      APPLOGS_DATA_PLANE_ADDR: `127.0.0.1:${await freePort()}`,
      APPLOGS_DATA_PLANE_METRICS_ADDR: '',
      APPLOGS_INTERNAL_TLS_CERT: '/nonexistent.crt',
    });
    expect(code).toBe(2);
    expect(output).toMatch(/APPLOGS_INTERNAL_TLS_CERT set without APPLOGS_INTERNAL_TLS_KEY, APPLOGS_INTERNAL_TLS_CA/);
  });
});
