// `npm start` with APPLOGS_DEMO_CLUSTERS: two simulated clusters, two data planes, one control plane routing between them.
import { REPO_ROOT, ServiceProcess, appLogsClient, appRequest, freePort, linesOf, readToEnd } from '@applogs/testing';
import * as grpc from '@grpc/grpc-js';
import * as os from 'node:os';
import * as path from 'node:path';

const START_DEMO = path.join(REPO_ROOT, 'tools/start-demo.js');

test.each(['0', '5', 'two'])('APPLOGS_DEMO_CLUSTERS=%s: exit 2, one line naming it', async (value) => {
  const { code, output } = await ServiceProcess.run(START_DEMO, { APPLOGS_DEMO_CLUSTERS: value });
  expect({ code, output }).toEqual({
    code: 2,
    output: `applogs demo: bad configuration: APPLOGS_DEMO_CLUSTERS="${value}" must be a whole number from 1 to 4\n`,
  });
});

test('APPLOGS_DEMO_CLUSTERS=2: each project is served by its own cluster, through one control plane', async () => {
  const controlPlane = `127.0.0.1:${await freePort()}`;
  // The data planes listen on this port and the next.
  const dataPlanes = `127.0.0.1:${await freePort()}`;
  const demo = await ServiceProcess.startCommand(
    process.execPath,
    [START_DEMO],
    {
      cwd: REPO_ROOT,
      env: {
        HOME: process.env.HOME ?? os.tmpdir(),
        APPLOGS_DEMO_CLUSTERS: '2',
        APPLOGS_CONTROL_PLANE_ADDR: controlPlane,
        APPLOGS_DATA_PLANE_ADDR: dataPlanes,
        APPLOGS_CONTROL_PLANE_METRICS_ADDR: '',
        APPLOGS_DATA_PLANE_METRICS_ADDR: '',
      },
    },
    /applogs demo is running: 2 clusters behind one control plane[^]*npx applogs tail hello --project nobody/,
  );
  const client = appLogsClient(controlPlane);
  try {
    expect(demo.output).toMatch(/data plane east {2}127\.0\.0\.1:\d+ {3}serves demo\/\*/);
    expect(demo.output).toMatch(/data plane west {2}127\.0\.0\.1:\d+ {3}serves shop\/\*/);
    const read = (project: string) => readToEnd(client.TailLogs(appRequest('report', { follow: false }, { org: '', project, domain: 'development' })));
    const [east, west, nobody] = await Promise.all([read('demo'), read('shop'), read('nobody')]);
    expect([east.status.code, west.status.code]).toEqual([grpc.status.OK, grpc.status.OK]);
    expect(linesOf(east.messages).length).toBeGreaterThan(0);
    expect(linesOf(west.messages).length).toBeGreaterThan(0);
    expect(nobody.status).toMatchObject({ code: grpc.status.NOT_FOUND, details: 'no cluster serves nobody/development' });
  } finally {
    client.close();
    await demo.stop();
  }
}, 60_000);
