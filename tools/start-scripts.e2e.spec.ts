// `npm run start:data-plane` and `npm run start:control-plane`, started at the same time as people do in two
// terminals, from a checkout that needs a build: dist/ is built once, and both planes come up and serve.
import { KubeSim } from '@applogs/kube-sim';
import { REPO_ROOT, ServiceProcess, appLogsClient, appRequest, freePort, readToEnd } from '@applogs/testing';
import * as grpc from '@grpc/grpc-js';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** What `npm run build` reads, copied to a fresh directory without dist/ (the real one is in use by other suites). */
function checkoutWithoutDist(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'applogs-checkout-'));
  for (const entry of ['package.json', 'package-lock.json', 'tsconfig.base.json', 'tsconfig.build.json', 'tools', 'apps', 'libs']) {
    cpSync(path.join(REPO_ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

describe('the two start scripts, started together', () => {
  let dir: string;
  let sim: KubeSim;
  const started: ServiceProcess[] = [];
  beforeAll(async () => {
    dir = checkoutWithoutDist();
    sim = await KubeSim.start({ scenario: { namespace: 'flyte', apps: [{ service: 'hello-demo-development', replicas: 1, history: 3 }] } });
  });
  afterAll(async () => {
    await Promise.all(started.map((plane) => plane.stop()));
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // Compiles the whole repository once, on top of whatever else the suite runs: minutes on a busy 2-core machine.
  test('build dist/ once, and both planes come up', async () => {
    const dataPlaneAddress = `127.0.0.1:${await freePort()}`;
    const controlPlaneAddress = `127.0.0.1:${await freePort()}`;
    const common = { HOME: process.env.HOME ?? os.tmpdir(), npm_config_update_notifier: 'false' };
    const starts = await Promise.allSettled([
      ServiceProcess.startCommand(
        'npm',
        ['run', 'start:data-plane'],
        {
          cwd: dir,
          env: {
            ...common,
            KUBECONFIG: sim.writeKubeconfig(path.join(dir, 'kubeconfig')),
            APPLOGS_DATA_PLANE_ADDR: dataPlaneAddress,
            APPLOGS_DATA_PLANE_METRICS_ADDR: '',
          },
        },
        /listening on/,
      ),
      ServiceProcess.startCommand(
        'npm',
        ['run', 'start:control-plane'],
        {
          cwd: dir,
          env: { ...common, APPLOGS_CONTROL_PLANE_ADDR: controlPlaneAddress, APPLOGS_DATA_PLANE_URL: dataPlaneAddress, APPLOGS_CONTROL_PLANE_METRICS_ADDR: '' },
        },
        /listening on/,
      ),
    ]);
    for (const start of starts) if (start.status === 'fulfilled') started.push(start.value);
    expect(starts.map((start) => (start.status === 'fulfilled' ? 'up' : String(start.reason)))).toEqual(['up', 'up']);

    const builds = started.filter((plane) => plane.output.includes('applogs build: building dist/'));
    expect(builds).toHaveLength(1);

    const client = appLogsClient(controlPlaneAddress);
    const { status } = await readToEnd(client.TailLogs(appRequest('hello', { follow: false })));
    client.close();
    expect(status.code).toBe(grpc.status.OK);
  }, 300_000);
});
