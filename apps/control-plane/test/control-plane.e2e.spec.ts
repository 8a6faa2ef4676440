import * as grpc from '@grpc/grpc-js';
import type { Scenario } from '@applogs/kube-sim';
import { create, TimestampSchema } from '@applogs/proto';
import {
  CallReader,
  appLogsClient,
  appRequest,
  Stack,
  freePort,
  linesOf,
  readToEnd,
  replicaListsOf,
  replicaRequest,
  startControlPlane,
  appLogsPythonStubs,
  hasPythonGrpc,
  runPython,
  finishedPod,
} from '@applogs/testing';
import * as path from 'node:path';

const scenario: Scenario = {
  namespace: 'flyte',
  apps: [{ service: 'hello-demo-development', replicas: 2, history: 4 }],
  pods: [finishedPod('report-finished', 'report-demo-development', 3)],
};

let stack: Stack;
let client: ReturnType<Stack['controlPlaneClient']>;

beforeAll(async () => {
  stack = await Stack.start({ scenario, controlPlane: true });
  client = stack.controlPlaneClient();
});

afterAll(async () => {
  client?.close();
  await stack?.close();
});

const helloPods = () =>
  stack.sim
    .podNames()
    .filter((n) => n.startsWith('hello-demo-development-'))
    .sort();

describe('public AppLogsService.TailLogs through both planes', () => {
  test('streams every replica of an app, live', async () => {
    const reader = new CallReader(client.TailLogs(appRequest('hello')));
    await reader.until((messages) => linesOf(messages).length >= 8);
    expect(reader.messages[0].resp.case).toBe('replicas');
    expect(replicaListsOf(reader.messages.slice(0, 1))[0].sort()).toEqual(helloPods());
    const [pod] = helloPods();
    stack.sim.appendLines(pod, 'user-container', [{ timestamp: '2030-01-02T03:04:05.000000007Z', text: 'via both planes' }]);
    await reader.until((messages) => linesOf(messages).some((l) => l.message === 'via both planes'));
    const line = linesOf(reader.messages).find((l) => l.message === 'via both planes')!;
    const timestamp = create(TimestampSchema, { seconds: BigInt(Date.parse('2030-01-02T03:04:05Z') / 1000), nanos: 7 });
    // The server's short name of a Knative pod: `{revision number}-{pod hash}`.
    const shortPodName = pod.replace(/^.*-(\d+)-deployment-[a-z0-9]+-([a-z0-9]+)$/, '$1-$2');
    expect(line).toEqual({ pod, message: 'via both planes', timestamp, shortPodName });

    // Cancelling at the control plane cancels the data plane's call, which aborts the Kubernetes requests.
    expect(stack.sim.openLogStreams()).toBe(2);
    reader.call.cancel();
    expect((await reader.ended).status.code).toBe(grpc.status.CANCELLED);
    await stack.sim.waitForOpenLogStreams(0);
  });

  test('a finished replica completes the call with OK', async () => {
    const { messages, status } = await readToEnd(client.TailLogs(appRequest('report')));
    expect(status.code).toBe(grpc.status.OK);
    expect(linesOf(messages).map((l) => l.message)).toEqual([1, 2, 3].map((i) => `report-finished/user-container line ${i}`));
  });

  test.each([
    ['INVALID_ARGUMENT', {}, grpc.status.INVALID_ARGUMENT, 'a target is required: set app_id or replica_id'],
    ['NOT_FOUND', replicaRequest('hello', 'ghost'), grpc.status.NOT_FOUND, 'pod ghost not found in namespace flyte'],
  ])("the data plane's %s passes through unchanged", async (_name, request, code, details) => {
    const { status } = await readToEnd(client.TailLogs(request));
    expect(status.code).toBe(code);
    expect(status.details).toBe(details);
  });

  test('a data plane that cannot be reached is UNAVAILABLE naming its address', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const nowhere = `127.0.0.1:${await freePort()}`;
    const controlPlane = await startControlPlane(address, nowhere);
    const lonely = appLogsClient(address);
    try {
      const { status } = await readToEnd(lonely.TailLogs(appRequest('hello')));
      expect(status.code).toBe(grpc.status.UNAVAILABLE);
      expect(status.details).toContain(`the data plane at ${nowhere} is unavailable`);
    } finally {
      lonely.close();
      await controlPlane.stop();
    }
  });
});

// Flyte's clients are generated from the same .proto files by protoc; Debian's grpcio stands in for them.
(hasPythonGrpc ? describe : describe.skip)('an independent client (Python grpcio, stubs generated from our .proto files)', () => {
  // Asynchronous on purpose: the simulated API serves from this very process while the client runs.
  const runClient = async (...args: string[]) => {
    const script = path.join(__dirname, 'flyte_style_client.py');
    const { stdout } = await runPython([script, appLogsPythonStubs(), stack.controlPlaneAddress!, 'demo', 'development', ...args]);
    return stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
  };

  test('tails an app by id: replica list, then timestamped lines of each replica', async () => {
    const output = await runClient('hello', '--lines', '8');
    expect(output[0]).toEqual({ replicas: expect.arrayContaining(helloPods()) });
    const lines = output
      .filter((o) => o.batch)
      .flatMap((o) =>
        o.batch.flatMap((b: { replica: string; app: string; lines: unknown[][] }) =>
          b.lines.map((l) => ({ replica: b.replica, app: b.app, message: l[2], seconds: l[0] })),
        ),
      );
    for (const pod of helloPods()) {
      expect(
        lines
          .filter((l) => l.replica === pod)
          .map((l) => l.message)
          .slice(0, 4),
      ).toEqual([1, 2, 3, 4].map((i) => `${pod}/user-container line ${i}`));
    }
    expect(lines.every((l) => l.app === 'hello' && Number(l.seconds) > 1_700_000_000)).toBe(true);
    expect(output.at(-1)).toEqual({ status: 'OK', details: '' });
  });

  test('tails one replica, to the end of a finished pod', async () => {
    const output = await runClient('report', '--replica', 'report-finished');
    expect(output[0]).toEqual({ replicas: ['report-finished'] });
    expect(output.at(-1)).toEqual({ status: 'OK', details: '' });
  });

  test('sees our statuses', async () => {
    expect((await runClient('nope')).at(-1)).toEqual({
      status: 'NOT_FOUND',
      details: expect.stringMatching(/^no replicas found for app demo\/development\/nope/),
    });
  });
});
