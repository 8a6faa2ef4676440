import * as grpc from '@grpc/grpc-js';
import type { Scenario } from '@applogs/kube-sim';
import {
  CallReader,
  appLogsClient,
  internalTlsEnv,
  appRequest,
  linesOf,
  readToEnd,
  servedCertificateSerial,
  tlsCredentials,
  usePkiStack,
  type IssuedCert,
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
  // Installed under stable names, which the test then overwrites as cert-manager would.
  let server: IssuedCert;
  let client: IssuedCert;
  const fixture = usePkiStack({ scenario, controlPlane: true }, async (pki, ca) => {
    server = pki.install('data-plane', await pki.issue('data-plane', ca));
    client = pki.install('control-plane', await pki.issue('control-plane', ca));
    const refresh = { APPLOGS_TLS_REFRESH_MS: '200' };
    return { dataPlaneEnv: { ...internalTlsEnv(server, ca), ...refresh }, controlPlaneEnv: { ...internalTlsEnv(client, ca), ...refresh } };
  });

  test('an open stream keeps going, and new connections get the new certificates', async () => {
    const callerClient = fixture.client;
    const reader = new CallReader(callerClient.TailLogs(hello));
    await reader.until((messages) => linesOf(messages).length >= 3);
    const before = await servedCertificateSerial(fixture.stack.dataPlaneAddress, fixture.ca.cert, client);

    const newServer = await fixture.pki.issue('data-plane', fixture.ca);
    const newClient = await fixture.pki.issue('control-plane', fixture.ca);
    fixture.pki.replaceFiles(server, newServer);
    fixture.pki.replaceFiles(client, newClient);
    const after = await eventually(
      () => servedCertificateSerial(fixture.stack.dataPlaneAddress, fixture.ca.cert, newClient),
      (serial) => serial !== before,
    );
    expect(after).not.toBe(before);

    // The stream opened before the rotation still delivers.
    const [pod] = fixture.stack.sim.podNames();
    fixture.stack.sim.appendLines(pod, 'user-container', [{ timestamp: '2030-01-02T03:04:05Z', text: 'after the rotation' }]);
    await reader.until((messages) => linesOf(messages).some((line) => line.message === 'after the rotation'));

    // A new connection presenting the new client certificate is served, and so is a new call through the control plane.
    const direct = appLogsClient(fixture.stack.dataPlaneAddress, { credentials: tlsCredentials(fixture.ca.cert, newClient) });
    expect((await readToEnd(direct.TailLogs(helloHistory))).status.code).toBe(grpc.status.OK);
    direct.close();
    const second = await readToEnd(callerClient.TailLogs(helloHistory));
    expect(second.status.code).toBe(grpc.status.OK);

    reader.call.cancel();
    await reader.ended;
    await fixture.stack.sim.waitForOpenLogStreams(0);
  });
});

describe('TLS for callers of the control plane', () => {
  const fixture = usePkiStack({ scenario, controlPlane: true }, async (pki, ca) => {
    const server = await pki.issue('control-plane-public', ca);
    return { controlPlaneEnv: { APPLOGS_TLS_CERT: server.cert, APPLOGS_TLS_KEY: server.key } };
  });

  test('a TLS client that trusts the CA is served', async () => {
    const client = appLogsClient(fixture.stack.controlPlaneAddress!, { credentials: tlsCredentials(fixture.ca.cert) });
    const { messages, status } = await readToEnd(client.TailLogs(helloHistory));
    client.close();
    expect(status).toMatchObject({ code: grpc.status.OK });
    expect(linesOf(messages)).toHaveLength(3);
  });

  test('a plaintext client fails', async () => {
    const client = appLogsClient(fixture.stack.controlPlaneAddress!, { credentials: grpc.credentials.createInsecure() });
    const { messages, status } = await readToEnd(client.TailLogs(helloHistory, undefined, { deadline: Date.now() + 10_000 }));
    client.close();
    expect(messages).toEqual([]);
    expect(status.code).toBe(grpc.status.UNAVAILABLE);
  });

  test('a client that does not trust the CA fails', async () => {
    const other = await fixture.pki.createCa('other-ca');
    const client = appLogsClient(fixture.stack.controlPlaneAddress!, { credentials: tlsCredentials(other.cert) });
    const { status } = await readToEnd(client.TailLogs(helloHistory, undefined, { deadline: Date.now() + 10_000 }));
    client.close();
    expect(status.code).toBe(grpc.status.UNAVAILABLE);
  });

  test('the control plane warns that its calls to the data plane are plaintext', () => {
    expect(fixture.stack.controlPlane!.output).toMatch(/calling the data plane in plaintext/);
  });
});
