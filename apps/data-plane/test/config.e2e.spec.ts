import * as grpc from '@grpc/grpc-js';
import { KubeSim } from '@applogs/kube-sim';
import {
  DATA_PLANE_MAIN,
  ServiceProcess,
  appLogsClient,
  appRequest,
  freePort,
  linesOf,
  readToEnd,
  runWithAddressInUse,
  startDataPlane,
} from '@applogs/testing';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// Each setting is validated once at start-up: a bad one stops the process before it listens, with exit
// status 2 and one line naming the variable and what it expects.
const BAD = 'applogs data plane: bad configuration:';

test.each([
  ['APPLOGS_MAX_STREAMS', 'lots', 'must be a whole number from 1 to 100000'],
  ['APPLOGS_HEALTH_INTERVAL_MS', '-1', 'must be a whole number from 100 to 600000'],
  ['APPLOGS_KUBE_TIMEOUT_MS', '10s', 'must be a whole number from 100 to 600000'],
  ['APPLOGS_TAIL_LINES', '5000', 'must be a whole number from 0 to 1000'],
  ['APPLOGS_MAX_LINE_BYTES', '1048576', 'must be a whole number from 1024 to 262144'],
  ['APPLOGS_NAMESPACE', 'Flyte_Apps', "is not a valid Kubernetes name (lower-case letters, digits and '-')"],
  ['APPLOGS_DATA_PLANE_ADDR', 'nohost', 'is not a host:port address (for example 127.0.0.1:8090)'],
  ['APPLOGS_ALLOW_INSECURE_KUBE', 'yes', 'must be true or false'],
])('the data plane with %s=%s exits 2 naming it', async (name, value, expects) => {
  const { code, output } = await ServiceProcess.run(DATA_PLANE_MAIN, { [name]: value });
  expect({ code, output }).toEqual({ code: 2, output: `${BAD} ${name}="${value}" ${expects}\n` });
});

describe('the kubeconfig, read and checked at start', () => {
  let dir: string;
  let sim: KubeSim;
  let plainSim: KubeSim;
  const file = (name: string, text: string): string => {
    const target = path.join(dir, name);
    writeFileSync(target, text);
    return target;
  };
  // A kubeconfig that is fine but for what a test leaves out or changes.
  const kubeconfig = (parts: { currentContext?: string; cluster?: string; skipVerify?: boolean }) =>
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{ name: prod, cluster: { server: "https://127.0.0.1:6443", insecure-skip-tls-verify: ${parts.skipVerify ?? false} } }]`,
      'users: [{ name: me, user: { token: t } }]',
      `contexts: [{ name: prod, context: { cluster: ${parts.cluster ?? 'prod'}, user: me } }]`,
      parts.currentContext === undefined ? '' : `current-context: ${parts.currentContext}`,
    ].join('\n');

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'applogs-kubeconfig-'));
    mkdirSync(path.join(dir, 'a-directory'));
    sim = await KubeSim.start({ scenario: { namespace: 'flyte', apps: [{ service: 'hello-demo-development', replicas: 1, history: 2 }] } });
    plainSim = await KubeSim.start({ tls: false, scenario: { namespace: 'flyte', apps: [{ service: 'hello-demo-development', replicas: 1, history: 2 }] } });
  });
  afterAll(async () => {
    await Promise.all([sim?.close(), plainSim?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  test.each([
    ['names a missing file', () => path.join(dir, 'missing'), (f: string) => `cannot read ${f} (no such file): point KUBECONFIG at a readable kubeconfig file`],
    ['names a directory', () => path.join(dir, 'a-directory'), (f: string) => `cannot read ${f} (a directory): point KUBECONFIG at a readable kubeconfig file`],
    [
      'does not parse',
      () => file('broken', 'clusters: [ { name: x'),
      (f: string) => `${f} is not a valid kubeconfig (unexpected end of the stream within a flow collection (2:1)): fix it or point KUBECONFIG at another`,
    ],
    [
      'sets no current context',
      () => file('no-context', kubeconfig({})),
      () => 'the kubeconfig sets no current-context: set one (kubectl config use-context NAME)',
    ],
    [
      'names a context it lacks',
      () => file('lost-context', kubeconfig({ currentContext: 'dev' })),
      () => 'current-context "dev" is not one of its contexts: add it or choose another',
    ],
    [
      'names a cluster it lacks',
      () => file('lost-cluster', kubeconfig({ currentContext: 'prod', cluster: 'staging' })),
      () => 'context "prod" names cluster "staging", which the kubeconfig does not define: add it',
    ],
    [
      'skips verifying the API server',
      () => file('unverified', kubeconfig({ currentContext: 'prod', skipVerify: true })),
      () =>
        'cluster "prod" sets insecure-skip-tls-verify: the API server at https://127.0.0.1:6443 is not authenticated; ' +
        'give the cluster an https server and its CA, or set APPLOGS_ALLOW_INSECURE_KUBE=true to accept that',
    ],
  ])('a KUBECONFIG that %s stops the start with exit 2, naming it', async (_what, make, expects) => {
    const kubeconfigFile = make();
    const { code, output } = await ServiceProcess.run(DATA_PLANE_MAIN, { KUBECONFIG: kubeconfigFile });
    expect({ code, output }).toEqual({ code: 2, output: `${BAD} KUBECONFIG="${kubeconfigFile}": ${expects(kubeconfigFile)}\n` });
  });

  test('no KUBECONFIG, no ~/.kube/config and no service account: exit 2, saying to set KUBECONFIG', async () => {
    const home = path.join(dir, 'home');
    const { code, output } = await ServiceProcess.run(DATA_PLANE_MAIN, { HOME: home });
    expect({ code, output }).toEqual({
      code: 2,
      output: `${BAD} KUBECONFIG is not set, there is no ${home}/.kube/config and no in-cluster service account: set KUBECONFIG to the kubeconfig file of the cluster\n`,
    });
  });

  test('a plain-http API server is refused unless APPLOGS_ALLOW_INSECURE_KUBE=true', async () => {
    const kubeconfigFile = plainSim.writeKubeconfig(path.join(dir, 'plain'));
    const { code, output } = await ServiceProcess.run(DATA_PLANE_MAIN, { KUBECONFIG: kubeconfigFile });
    expect({ code, output }).toEqual({
      code: 2,
      output:
        `${BAD} KUBECONFIG="${kubeconfigFile}": the API server ${plainSim.url} is plain http: neither encrypted nor authenticated; ` +
        'give the cluster an https server and its CA, or set APPLOGS_ALLOW_INSECURE_KUBE=true to accept that\n',
    });
  });

  test('with APPLOGS_ALLOW_INSECURE_KUBE=true it starts over plain http, with one warning, and serves', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const kubeconfigFile = plainSim.writeKubeconfig(path.join(dir, 'plain-allowed'));
    const dataPlane = await startDataPlane(address, { KUBECONFIG: kubeconfigFile, APPLOGS_ALLOW_INSECURE_KUBE: 'true' });
    const client = appLogsClient(address);
    try {
      const warning = `the API server ${plainSim.url} is plain http: neither encrypted nor authenticated (allowed by APPLOGS_ALLOW_INSECURE_KUBE=true)`;
      expect(dataPlane.output.split(warning)).toHaveLength(2);
      const { status, messages } = await readToEnd(client.TailLogs(appRequest('hello', { follow: false })));
      expect(status.code).toBe(grpc.status.OK);
      expect(linesOf(messages).map((line) => line.message.replace(/^.*\//, ''))).toEqual(['user-container line 1', 'user-container line 2']);
    } finally {
      client.close();
      await dataPlane.stop();
    }
  });

  // Listening is the last step of the start: by then Nest has logged (JSON), but the only plain line is the error.
  test.each([
    ['APPLOGS_DATA_PLANE_ADDR', 'APPLOGS_DATA_PLANE_METRICS_ADDR'],
    ['APPLOGS_DATA_PLANE_METRICS_ADDR', 'APPLOGS_DATA_PLANE_ADDR'],
  ])('%s in use: exit 2, one line naming it and the address', async (name, other) => {
    const kubeconfigFile = sim.writeKubeconfig(path.join(dir, `kubeconfig-${name}`));
    const { address, code, lines } = await runWithAddressInUse(DATA_PLANE_MAIN, name, { KUBECONFIG: kubeconfigFile, [other]: `127.0.0.1:${await freePort()}` });
    expect({ code, lines }).toEqual({
      code: 2,
      lines: [`${BAD} ${name}="${address}" is already in use by another process: stop it, or choose a free address`],
    });
  });
});
