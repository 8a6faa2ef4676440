import * as grpc from '@grpc/grpc-js';
import { readKubeconfigAccess, simControl } from '@applogs/kube-sim';
import type { TailLogsResponse } from '@applogs/proto';
import {
  CallReader,
  KUBE_SIM_MAIN,
  ServiceProcess,
  appLogsClient,
  appendNumbered,
  appRequest,
  demoScenario,
  freePort,
  historyOf,
  linesOf,
  messagesOf,
  podsOf,
  readToEnd,
  replicaEventsOf,
  startDataPlane,
  useStack,
} from '@applogs/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HISTORY = 3;
const apps = ['frozen', 'quiet', 'stuck', 'lookup'];
const scenario = demoScenario(Object.fromEntries(apps.map((name) => [name, { replicas: 1, history: HISTORY }])));

// A stream silent for 1 s is probed; a probe or lookup with no answer in 1 s has failed.
const dataPlaneEnv = { APPLOGS_STALL_TIMEOUT_MS: '1000', APPLOGS_KUBE_TIMEOUT_MS: '1000', APPLOGS_RETRY_INITIAL_MS: '50', APPLOGS_RETRY_MAX_MS: '200' };
const fixture = useStack({ scenario, dataPlaneEnv });

const podOf = (name: string) => podsOf(fixture.stack.sim, name)[0];
const history = (pod: string) => historyOf(pod, HISTORY);
const events = (messages: TailLogsResponse[]) => replicaEventsOf(messages).map((event) => `${event.kind}: ${event.message}`);
const logRequestsOf = (pod: string, follow: 'true' | 'false') => fixture.stack.sim.logRequests.filter((r) => r.pod === pod && r.query.follow === follow);

const produce = (pod: string, label: string, count?: number) => appendNumbered(fixture.stack.sim, pod, label, count);

/** A call on the app `name`, once its one replica's history has arrived. */
async function following(name: string) {
  const pod = podOf(name);
  const reader = new CallReader(fixture.client.TailLogs(appRequest(name)));
  await reader.until((m) => messagesOf(m, pod).length === HISTORY);
  return { sim: fixture.stack.sim, pod, reader };
}

describe('a followed replica whose log falls silent is probed, not restarted blindly', () => {
  afterEach(() => fixture.stack.sim.thawApi());

  test('a frozen API server: RETRYING while it is still frozen, then the lines go on, none lost or repeated', async () => {
    const { sim, pod, reader } = await following('frozen');
    sim.freezeApi();
    const during = produce(pod, 'while frozen');
    await reader.until((m) => events(m).length > 0);
    expect(events(reader.messages)[0]).toMatch(
      new RegExp(
        `^RETRYING: the log stream of pod ${pod} broke: no bytes for 1000 ms and the API server did not answer a probe in 1000 ms; retry 1 of 8 in \\d+ ms$`,
      ),
    );
    sim.thawApi();
    const after = produce(pod, 'after the thaw');
    await reader.until((m) => messagesOf(m, pod).length >= HISTORY + 10);
    reader.call.cancel();
    expect(messagesOf(reader.messages, pod)).toEqual([...history(pod), ...during, ...after]);
    expect(events(reader.messages).every((event) => event.startsWith('RETRYING'))).toBe(true);
  });

  test('a quiet replica keeps its one stream: each silent period costs a one-line probe, no reconnect, no event', async () => {
    const { sim, pod, reader } = await following('quiet');
    const before = sim.logRequests.length;
    await sim.waitForLogRequests(before + 3);
    const probes = logRequestsOf(pod, 'false');
    expect(probes.length).toBeGreaterThanOrEqual(3);
    for (const probe of probes) expect(probe.query).toMatchObject({ tailLines: '1', timestamps: 'true', container: 'user-container' });
    const later = produce(pod, 'after a quiet spell', 2);
    await reader.until((m) => messagesOf(m, pod).length === HISTORY + 2);
    reader.call.cancel();
    expect(messagesOf(reader.messages, pod)).toEqual([...history(pod), ...later]);
    expect(events(reader.messages)).toEqual([]);
    expect(logRequestsOf(pod, 'true')).toHaveLength(1);
  });

  test('a stream that stopped following while the log grows: the probe sees newer lines, it is resumed, each line once', async () => {
    const { sim, pod, reader } = await following('stuck');
    sim.stallOpenLogStreams(pod);
    const missed = produce(pod, 'not sent by the stuck stream');
    await reader.until((m) => messagesOf(m, pod).length === HISTORY + 5);
    const after = produce(pod, 'after');
    await reader.until((m) => messagesOf(m, pod).length === HISTORY + 10);
    reader.call.cancel();
    expect(messagesOf(reader.messages, pod)).toEqual([...history(pod), ...missed, ...after]);
    expect(events(reader.messages)).toEqual([
      expect.stringMatching(
        new RegExp(`^RETRYING: the log stream of pod ${pod} broke: no bytes for 1000 ms though its log has newer lines \\(the last at \\S+Z\\); retry 1 of 8`),
      ),
    ]);
    expect(logRequestsOf(pod, 'true')).toHaveLength(2);
  });

  test("the follower's own lookup of the pod gives up on a frozen API server: RETRYING, not silence", async () => {
    const { sim, pod, reader } = await following('lookup');
    sim.freezeApi();
    // The stream breaks outright, so the follower asks the API about the pod before it retries.
    sim.resetLogStreams(pod);
    await reader.until((m) => events(m).length > 0);
    expect(events(reader.messages)[0]).toMatch(
      new RegExp(`^RETRYING: the Kubernetes API at https://127\\.0\\.0\\.1:\\d+ did not answer in 1000 ms to get pod ${pod} in namespace flyte; retry 1 of 8`),
    );
    sim.thawApi();
    const after = produce(pod, 'after the thaw', 2);
    await reader.until((m) => messagesOf(m, pod).length === HISTORY + 2);
    reader.call.cancel();
    expect(messagesOf(reader.messages, pod)).toEqual([...history(pod), ...after]);
  });
});

describe('a call that starts while the API server is frozen', () => {
  afterEach(() => fixture.stack.sim.thawApi());

  test('ends UNAVAILABLE once the list of its pods has had no answer in APPLOGS_KUBE_TIMEOUT_MS', async () => {
    fixture.stack.sim.freezeApi();
    const { status } = await readToEnd(fixture.client.TailLogs(appRequest('quiet')));
    expect([status.code, status.details]).toEqual([
      grpc.status.UNAVAILABLE,
      expect.stringMatching(
        /^the Kubernetes API at https:\/\/127\.0\.0\.1:\d+ did not answer in 1000 ms to (list pods|get Knative service quiet-demo-development) in namespace flyte$/,
      ),
    ]);
  });
});

describe('the simulated API as its own process, stopped with SIGSTOP', () => {
  test('a real frozen process is seen as freezeApi is: RETRYING while stopped, then the lines go on after SIGCONT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'applogs-sigstop-'));
    const scenarioFile = join(dir, 'scenario.json');
    writeFileSync(scenarioFile, JSON.stringify(demoScenario({ sigstop: { replicas: 1, history: HISTORY } })));
    const kubeconfig = join(dir, 'kubeconfig');
    const sim = await ServiceProcess.start(KUBE_SIM_MAIN, {}, /"event":"ready"/, ['--scenario', scenarioFile, '--kubeconfig', kubeconfig]);
    const address = `127.0.0.1:${await freePort()}`;
    const dataPlane = await startDataPlane(address, { KUBECONFIG: kubeconfig, ...dataPlaneEnv });
    const client = appLogsClient(address);
    try {
      const reader = new CallReader(client.TailLogs(appRequest('sigstop')));
      await reader.until((m) => linesOf(m).length === HISTORY);
      const pod = linesOf(reader.messages)[0].pod;
      sim.child.kill('SIGSTOP');
      await reader.until((m) => events(m).length > 0);
      expect(events(reader.messages)[0]).toMatch(/no bytes for 1000 ms and the API server did not answer a probe in 1000 ms/);
      sim.child.kill('SIGCONT');
      const after = [`${pod} after SIGCONT 1`, `${pod} after SIGCONT 2`];
      const appended = await simControl(readKubeconfigAccess(kubeconfig), { action: 'appendLines', pod, container: 'user-container', lines: after });
      expect(appended.ok).toBe(true);
      await reader.until((m) => messagesOf(m, pod).length === HISTORY + 2);
      reader.call.cancel();
      expect(messagesOf(reader.messages, pod)).toEqual([...history(pod), ...after]);
    } finally {
      client.close();
      sim.child.kill('SIGCONT');
      await Promise.all([dataPlane.stop(), sim.stop()]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
