import * as grpc from '@grpc/grpc-js';
import type { Scenario } from '@applogs/kube-sim';
import type { TailLogsResponse } from '@applogs/proto';
import {
  CallReader,
  DEMO,
  appRequest,
  historyOf,
  podsOf,
  linesOf,
  messagesOf,
  readToEnd,
  replicaListsOf,
  replicaRequest,
  useStack,
  type RequestInit,
} from '@applogs/testing';

const HISTORY = 5;

const scenario: Scenario = {
  namespace: 'flyte',
  apps: [
    { service: 'hello-demo-development', replicas: 3, history: HISTORY },
    { service: 'other-demo-development', replicas: 1, history: HISTORY },
    { service: 'chatty-demo-development', replicas: 1, history: 1500 },
  ],
  pods: [
    {
      name: 'report-finished',
      labels: { 'serving.knative.dev/service': 'report-demo-development' },
      phase: 'Succeeded',
      containers: [
        { name: 'user-container', state: 'terminated', history: 3 },
        { name: 'queue-proxy', state: 'terminated', history: 3 },
      ],
    },
    { name: 'plain-pod', containers: [{ name: 'main', history: 2 }] },
    // A rollout in progress: the Knative service says revision 2 is the latest ready one.
    { name: 'roll-old', labels: rolloutLabels('00001'), containers: [{ name: 'user-container', history: 2 }] },
    { name: 'roll-new', labels: rolloutLabels('00002'), containers: [{ name: 'user-container', history: 2 }] },
  ],
  knativeServices: [{ name: 'roll-demo-development', latestReadyRevisionName: 'roll-demo-development-00002' }],
};

function rolloutLabels(revision: string) {
  return { 'serving.knative.dev/service': 'roll-demo-development', 'serving.knative.dev/revision': `roll-demo-development-${revision}` };
}

// A bound other than the default, to see the setting reach the line cutter.
const MAX_LINE_BYTES = 200_000;
const fixture = useStack({ scenario, dataPlaneEnv: { APPLOGS_MAX_LINE_BYTES: String(MAX_LINE_BYTES) } });

const appPods = (name: string) => podsOf(fixture.stack.sim, name);
const history = (pod: string, container = 'user-container', count = HISTORY) => historyOf(pod, count, 1, container);

describe('internal AppLogsService.TailLogs against the simulated Kubernetes API', () => {
  test("by app id: the replica list first, then every replica's lines, each batch with its replica id", async () => {
    const pods = appPods('hello');
    expect(pods).toHaveLength(3);
    const reader = new CallReader(fixture.client.TailLogs(appRequest('hello')));
    await reader.until((messages) => linesOf(messages).length >= 3 * HISTORY);

    const [first, ...rest] = reader.messages;
    expect(first.resp.case).toBe('replicas');
    expect(replicaListsOf([first])[0].sort()).toEqual(pods);
    expect(first.resp.case === 'replicas' && first.resp.value.replicas.every((r) => r.appId?.name === 'hello' && r.appId.project === 'demo')).toBe(true);
    expect(rest.every((m) => m.resp.case === 'batches')).toBe(true);
    for (const pod of pods) expect(messagesOf(reader.messages, pod)).toEqual(history(pod));
    expect(new Set(linesOf(rest).map((line) => line.pod))).toEqual(new Set(pods));

    // Running pods are followed: new lines of every replica keep arriving on the same call.
    for (const pod of pods) fixture.stack.sim.appendLines(pod, 'user-container', [`${pod} live`]);
    await reader.until((messages) => pods.every((pod) => linesOf(messages).some((l) => l.message === `${pod} live`)));

    const requests = fixture.stack.sim.logRequests.filter((r) => pods.includes(r.pod));
    expect(requests).toHaveLength(3);
    for (const request of requests) {
      expect(request.container).toBe('user-container');
      expect(request.query).toMatchObject({ follow: 'true', timestamps: 'true', tailLines: '1000' });
    }
    reader.call.cancel();
  });

  test('queue-proxy is never read', async () => {
    const reader = new CallReader(fixture.client.TailLogs(appRequest('hello')));
    await reader.until((messages) => linesOf(messages).length >= 3 * HISTORY);
    reader.call.cancel();
    expect(fixture.stack.sim.logRequests.some((r) => r.container === 'queue-proxy')).toBe(false);
    expect(linesOf(reader.messages).some((l) => l.message.includes('queue-proxy'))).toBe(false);
  });

  test('timestamps are kept to the nanosecond', async () => {
    const [pod] = appPods('other');
    const reader = new CallReader(fixture.client.TailLogs(appRequest('other')));
    await reader.until((messages) => linesOf(messages).length >= HISTORY);
    fixture.stack.sim.appendLines(pod, 'user-container', [{ timestamp: '2030-01-02T03:04:05.123456789Z', text: 'precise' }]);
    const messages = await reader.until((m) => linesOf(m).some((l) => l.message === 'precise'));
    reader.call.cancel();
    const line = linesOf(messages).find((l) => l.message === 'precise')!;
    expect(line.timestamp).toMatchObject({ seconds: BigInt(Date.parse('2030-01-02T03:04:05Z') / 1000), nanos: 123456789 });
  });

  test('by replica id: that pod only', async () => {
    const [pod, otherPod] = appPods('hello');
    const reader = new CallReader(fixture.client.TailLogs(replicaRequest('hello', pod)));
    await reader.until((messages) => linesOf(messages).length >= HISTORY);
    fixture.stack.sim.appendLines(otherPod, 'user-container', ['not for this call']);
    fixture.stack.sim.appendLines(pod, 'user-container', ['for this call']);
    await reader.until((messages) => linesOf(messages).some((l) => l.message === 'for this call'));
    reader.call.cancel();
    expect(replicaListsOf(reader.messages)[0]).toEqual([pod]);
    expect(new Set(linesOf(reader.messages).map((l) => l.pod))).toEqual(new Set([pod]));
  });

  test('a pod that is not running is not followed, and the call completes after its tail', async () => {
    const { messages, status } = await readToEnd(fixture.client.TailLogs(appRequest('report')));
    expect(status.code).toBe(grpc.status.OK);
    expect(linesOf(messages).map((l) => l.message)).toEqual(history('report-finished', 'user-container', 3));
    const request = fixture.stack.sim.logRequests.find((r) => r.pod === 'report-finished');
    expect(request?.query.follow).toBe('false');
  });

  test('lookups and log requests reuse kept-alive connections to the Kubernetes API', async () => {
    const call = async () => expect((await readToEnd(fixture.client.TailLogs(appRequest('report')))).status.code).toBe(grpc.status.OK);
    await call();
    const before = fixture.stack.sim.stats().connections;
    // Each call lists pods, reads the Knative service and reads a log: three requests, no new connection.
    for (let i = 0; i < 3; i += 1) await call();
    expect(fixture.stack.sim.stats().connections).toBe(before);
  });

  test('the tail starts with the last 1000 lines', async () => {
    const [pod] = appPods('chatty');
    const reader = new CallReader(fixture.client.TailLogs(appRequest('chatty')));
    await reader.until((messages) => linesOf(messages).length >= 1000);
    fixture.stack.sim.appendLines(pod, 'user-container', ['after the tail']);
    await reader.until((messages) => linesOf(messages).some((l) => l.message === 'after the tail'));
    reader.call.cancel();
    const messages = linesOf(reader.messages).map((l) => l.message);
    expect(messages).toEqual([...history(pod, 'user-container', 1500).slice(500), 'after the tail']);
    const batches = reader.messages.flatMap(({ resp }) => (resp.case === 'batches' ? resp.value.logs : []));
    expect(batches.every((logs) => logs.structuredLines.length <= 100)).toBe(true);
  });

  test('during a rollout only the latest ready revision is tailed', async () => {
    const { messages } = await readUntilLines(fixture.client.TailLogs(appRequest('roll')), 2);
    expect(replicaListsOf(messages)[0]).toEqual(['roll-new']);
  });

  test('a line longer than any chunk arrives in pieces of APPLOGS_MAX_LINE_BYTES', async () => {
    const [pod] = appPods('other');
    const reader = new CallReader(fixture.client.TailLogs(replicaRequest('other', pod)));
    await reader.until((messages) => linesOf(messages).length >= HISTORY);
    const long = `start ${'0123456789'.repeat(50_000)} end`;
    fixture.stack.sim.appendLines(pod, 'user-container', [long, 'short after']);
    await reader.until((messages) => linesOf(messages).some((l) => l.message === 'short after'));
    reader.call.cancel();
    const received = linesOf(reader.messages)
      .slice(-4)
      .map((l) => l.message);
    // Compared as a boolean: a failing diff of a 500 kB line would bury the report.
    expect({ lengths: received.map((message) => message.length), whole: received.slice(0, -1).join('') === long }).toEqual({
      lengths: [MAX_LINE_BYTES, MAX_LINE_BYTES, long.length - 2 * MAX_LINE_BYTES, 'short after'.length],
      whole: true,
    });
  });

  describe('is refused with a status that says why', () => {
    const cases: Array<[string, RequestInit, grpc.status, RegExp]> = [
      ['no target', {}, grpc.status.INVALID_ARGUMENT, /a target is required: set app_id or replica_id/],
      ['an empty project', appRequest('hello', {}, { ...DEMO, project: '' }), grpc.status.INVALID_ARGUMENT, /app_id\.project is required/],
      ['a bad app name', appRequest('Hello World'), grpc.status.INVALID_ARGUMENT, /app_id\.name "Hello World" is not a valid app name/],
      ['an empty replica name', replicaRequest('hello', ''), grpc.status.INVALID_ARGUMENT, /replica_id\.name is required/],
      ['an unknown app', appRequest('nope'), grpc.status.NOT_FOUND, /no replicas found for app demo\/development\/nope/],
      ['an unknown pod', replicaRequest('hello', 'ghost'), grpc.status.NOT_FOUND, /^pod ghost not found in namespace flyte$/],
      [
        'a pod with no app label',
        replicaRequest('hello', 'plain-pod'),
        grpc.status.NOT_FOUND,
        /pod plain-pod is not a replica of app demo\/development\/hello/,
      ],
    ];
    test.each(cases)('%s', async (_name, request, code, message) => {
      const { messages, status } = await readToEnd(fixture.client.TailLogs(request));
      expect(messages).toEqual([]);
      expect(status.code).toBe(code);
      expect(status.details).toMatch(message);
    });

    test('a replica of another app is NOT_FOUND', async () => {
      const [otherPod] = appPods('other');
      const { status } = await readToEnd(fixture.client.TailLogs(replicaRequest('hello', otherPod)));
      expect(status.code).toBe(grpc.status.NOT_FOUND);
      expect(status.details).toBe(`pod ${otherPod} is not a replica of app demo/development/hello`);
    });
  });

  test('the 101st concurrent call is RESOURCE_EXHAUSTED while the 100 stay served; afterwards a new call is served', async () => {
    const [pod] = appPods('other');
    const request = replicaRequest('other', pod);
    const readers = Array.from({ length: 100 }, () => new CallReader(fixture.client.TailLogs(request)));
    await Promise.all(readers.map((reader) => reader.until((messages) => messages.length > 0)));

    const refused = await readToEnd(fixture.client.TailLogs(request));
    expect(refused.status.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(refused.status.details).toMatch(/too many concurrent log streams/);

    fixture.stack.sim.appendLines(pod, 'user-container', ['to all hundred']);
    await Promise.all(readers.map((reader) => reader.until((m) => linesOf(m).some((l) => l.message === 'to all hundred'))));

    readers.forEach((reader) => reader.call.cancel());
    await Promise.all(readers.map((reader) => reader.ended));
    await fixture.stack.sim.waitForOpenLogStreams(0);
    const next = new CallReader(fixture.client.TailLogs(request));
    await next.until((messages) => messages.length > 0);
    next.call.cancel();
  });
});

describe('slots and upstream requests are released on every way out', () => {
  const single = useStack({ scenario, dataPlaneEnv: { APPLOGS_MAX_STREAMS: '1' } });

  const helloPod = () => single.stack.sim.podNames().find((n) => n.startsWith('hello-demo-development-'))!;
  const openCall = async (options?: grpc.CallOptions) => {
    const reader = new CallReader(single.client.TailLogs(replicaRequest('hello', helloPod()), undefined, options));
    await reader.until((messages) => linesOf(messages).length >= HISTORY);
    return reader;
  };

  test('caller cancel: the upstream request is aborted and the slot is free', async () => {
    const first = await openCall();
    expect(single.stack.sim.openLogStreams()).toBe(1);
    const refused = await readToEnd(single.client.TailLogs(appRequest('hello')));
    expect(refused.status.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    first.call.cancel();
    expect((await first.ended).status.code).toBe(grpc.status.CANCELLED);
    await single.stack.sim.waitForOpenLogStreams(0);
    (await openCall()).call.cancel();
  });

  test('caller deadline: the upstream request is aborted and the slot is free', async () => {
    const first = await openCall({ deadline: Date.now() + 1500 });
    expect((await first.ended).status.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    await single.stack.sim.waitForOpenLogStreams(0);
    (await openCall()).call.cancel();
  });

  test('completion and errors free the slot', async () => {
    expect((await readToEnd(single.client.TailLogs(appRequest('report')))).status.code).toBe(grpc.status.OK);
    expect((await readToEnd(single.client.TailLogs(appRequest('nope')))).status.code).toBe(grpc.status.NOT_FOUND);
    (await openCall()).call.cancel();
  });
});

async function readUntilLines(call: grpc.ClientReadableStream<TailLogsResponse>, count: number) {
  const reader = new CallReader(call);
  await reader.until((messages) => linesOf(messages).length >= count);
  call.cancel();
  return reader;
}
