import * as grpc from '@grpc/grpc-js';
import type { Scenario } from '@applogs/kube-sim';
import {
  CallReader,
  Stack,
  TestPki,
  appLogsClient,
  appRequest,
  linesOf,
  readToEnd,
  servedCertificateSerial,
  tlsCredentials,
  type IssuedCert,
  type TestCa,
} from '@applogs/testing';

const scenario: Scenario = { namespace: 'flyte', apps: [{ service: 'hello-demo-development', replicas: 1, history: 3 }] };
const hello = appRequest('hello');
const helloHistory = appRequest('hello', { follow: false });

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('certificate rotation between the planes', () => {
  let pki: TestPki;
  let ca: TestCa;
  let server: IssuedCert;
  let client: IssuedCert;
  let stack: Stack;
  beforeAll(async () => {
    pki = new TestPki();
    ca = await pki.createCa('applogs-test-ca');
    server = pki.install('data-plane', await pki.issue('data-plane', ca));
    client = pki.install('control-plane', await pki.issue('control-plane', ca));
    const tls = (own: IssuedCert) => ({
      APPLOGS_INTERNAL_TLS_CERT: own.cert,
      APPLOGS_INTERNAL_TLS_KEY: own.key,
      APPLOGS_INTERNAL_TLS_CA: ca.cert,
      APPLOGS_TLS_REFRESH_MS: '200',
    });
    stack = await Stack.start({ scenario, controlPlane: true, dataPlaneEnv: tls(server), controlPlaneEnv: tls(client) });
  });
  afterAll(async () => {
    await stack?.close();
    pki?.close();
  });

  test('an open stream keeps going, and new connections get the new certificates', async () => {
    const callerClient = stack.controlPlaneClient();
    const reader = new CallReader(callerClient.TailLogs(hello));
    await reader.until((messages) => linesOf(messages).length >= 3);
    const before = await servedCertificateSerial(stack.dataPlaneAddress, ca.cert, client);

    const newServer = await pki.issue('data-plane', ca);
    const newClient = await pki.issue('control-plane', ca);
    pki.replaceFiles(server, newServer);
    pki.replaceFiles(client, newClient);
    const after = await eventually(
      () => servedCertificateSerial(stack.dataPlaneAddress, ca.cert, newClient),
      (serial) => serial !== before,
    );
    expect(after).not.toBe(before);

    // The stream opened before the rotation still delivers.
    const [pod] = stack.sim.podNames();
    stack.sim.appendLines(pod, 'user-container', [{ timestamp: '2030-01-02T03:04:05Z', text: 'after the rotation' }]);
    await reader.until((messages) => linesOf(messages).some((line) => line.message === 'after the rotation'));

    // A new connection presenting the new client certificate is served, and so is a new call through the control plane.
    const direct = appLogsClient(stack.dataPlaneAddress, { credentials: tlsCredentials(ca.cert, newClient) });
    expect((await readToEnd(direct.TailLogs(helloHistory))).status.code).toBe(grpc.status.OK);
    direct.close();
    const second = await readToEnd(callerClient.TailLogs(helloHistory));
    expect(second.status.code).toBe(grpc.status.OK);

    reader.call.cancel();
    await reader.ended;
    callerClient.close();
    await stack.sim.waitForOpenLogStreams(0);
  });
});

describe('TLS for callers of the control plane', () => {
  let pki: TestPki;
  let ca: TestCa;
  let stack: Stack;
  beforeAll(async () => {
    pki = new TestPki();
    ca = await pki.createCa('applogs-test-ca');
    const server = await pki.issue('control-plane-public', ca);
    stack = await Stack.start({ scenario, controlPlane: true, controlPlaneEnv: { APPLOGS_TLS_CERT: server.cert, APPLOGS_TLS_KEY: server.key } });
  });
  afterAll(async () => {
    await stack?.close();
    pki?.close();
  });

  test('a TLS client that trusts the CA is served', async () => {
    const client = appLogsClient(stack.controlPlaneAddress!, { credentials: tlsCredentials(ca.cert) });
    const { messages, status } = await readToEnd(client.TailLogs(helloHistory));
    client.close();
    expect(status).toMatchObject({ code: grpc.status.OK });
    expect(linesOf(messages)).toHaveLength(3);
  });

  test('a plaintext client fails', async () => {
    const client = appLogsClient(stack.controlPlaneAddress!, { credentials: grpc.credentials.createInsecure() });
    const { messages, status } = await readToEnd(client.TailLogs(helloHistory, undefined, { deadline: Date.now() + 10_000 }));
    client.close();
    expect(messages).toEqual([]);
    expect(status.code).toBe(grpc.status.UNAVAILABLE);
  });

  test('a client that does not trust the CA fails', async () => {
    const other = await pki.createCa('other-ca');
    const client = appLogsClient(stack.controlPlaneAddress!, { credentials: tlsCredentials(other.cert) });
    const { status } = await readToEnd(client.TailLogs(helloHistory, undefined, { deadline: Date.now() + 10_000 }));
    client.close();
    expect(status.code).toBe(grpc.status.UNAVAILABLE);
  });

  test('the control plane warns that its calls to the data plane are plaintext', () => {
    expect(stack.controlPlane!.output).toMatch(/calling the data plane in plaintext/);
  });
});
